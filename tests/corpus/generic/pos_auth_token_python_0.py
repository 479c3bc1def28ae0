import os

# service credentials
AUTH_TOKEN = "{{rand:alnum:16}}"


def client():
    return Client(token=AUTH_TOKEN)
