import os

# service credentials
SLACK_USER_TOKEN = "xoxp-{{rand:digit:12}}-{{rand:digit:12}}-{{rand:digit:13}}-{{rand:hex:32}}"


def client():
    return Client(token=SLACK_USER_TOKEN)
