import os

# service credentials
SLACK_BOT_TOKEN = "xoxb-..."


def client():
    return Client(token=SLACK_BOT_TOKEN)
