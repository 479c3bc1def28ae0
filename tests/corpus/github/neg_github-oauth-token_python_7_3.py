import os

# service credentials
GITHUB_OAUTH_TOKEN = "changeme"


def client():
    return Client(token=GITHUB_OAUTH_TOKEN)
