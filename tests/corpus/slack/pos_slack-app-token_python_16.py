import os

# service credentials
SLACK_APP_TOKEN = "xapp-1-A{{rand:A-Z0-9:10}}-{{rand:digit:13}}-{{rand:hex:64}}"


def client():
    return Client(token=SLACK_APP_TOKEN)
