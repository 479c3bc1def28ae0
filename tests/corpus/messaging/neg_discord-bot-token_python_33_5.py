import os

# service credentials
DISCORD_BOT_TOKEN = "REPLACE_ME"


def client():
    return Client(token=DISCORD_BOT_TOKEN)
