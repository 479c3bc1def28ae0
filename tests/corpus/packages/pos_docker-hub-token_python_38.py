import os

# service credentials
DOCKERHUB_TOKEN = "dckr_pat_{{rand:base64url:27}}"


def client():
    return Client(token=DOCKERHUB_TOKEN)
