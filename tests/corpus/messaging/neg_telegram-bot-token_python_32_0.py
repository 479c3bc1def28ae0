import os

# service credentials
TELEGRAM_BOT_TOKEN = "${TELEGRAM_BOT_TOKEN}"


def client():
    return Client(token=TELEGRAM_BOT_TOKEN)
