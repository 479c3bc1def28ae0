import os

# service credentials
TFC_TOKEN = "{{rand:alnum:14}}.atlasv1.{{rand:base64url:67}}"


def client():
    return Client(token=TFC_TOKEN)
