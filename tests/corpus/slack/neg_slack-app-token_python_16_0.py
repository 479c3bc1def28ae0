import os

# service credentials
SLACK_APP_TOKEN = "${SLACK_APP_TOKEN}"


def client():
    return Client(token=SLACK_APP_TOKEN)
