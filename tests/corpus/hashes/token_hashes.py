PASSWORD_HASH = 'pbkdf2_sha256$600000${{rand:alnum:22}}${{rand:base64:43}}='
TOKEN_DIGEST = '{{rand:hex:64}}'
API_KEY_SHA256 = '{{rand:hex:64}}'
