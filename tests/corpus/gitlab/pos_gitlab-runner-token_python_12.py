import os

# service credentials
RUNNER_TOKEN = "glrt-{{rand:base64url:20}}"


def client():
    return Client(token=RUNNER_TOKEN)
