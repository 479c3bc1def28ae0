REQUEST_ID = "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"
TENANT_ID = "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"
TOKEN_ID = "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"
correlation_id: "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"
