import os

# service credentials
GOOGLE_ACCESS_TOKEN = "ya29.a0{{rand:base64url:120}}"


def client():
    return Client(token=GOOGLE_ACCESS_TOKEN)
