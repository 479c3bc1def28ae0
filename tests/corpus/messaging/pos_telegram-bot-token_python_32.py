import os

# service credentials
TELEGRAM_BOT_TOKEN = "{{rand:digit:10}}:AA{{rand:base64url:33}}"


def client():
    return Client(token=TELEGRAM_BOT_TOKEN)
