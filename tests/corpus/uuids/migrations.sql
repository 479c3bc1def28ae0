INSERT INTO api_keys (id, owner_id, name) VALUES ('{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-8{{rand:hex:3}}-{{rand:hex:12}}', 42, 'ci');
