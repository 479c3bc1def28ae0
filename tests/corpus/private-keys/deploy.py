DEPLOY_KEY = """
-----BEGIN OPENSSH PRIVATE KEY-----
{{rand:base64:64}}
{{rand:base64:64}}
{{rand:base64:64}}
{{rand:base64:20}}==
-----END OPENSSH PRIVATE KEY-----
"""
