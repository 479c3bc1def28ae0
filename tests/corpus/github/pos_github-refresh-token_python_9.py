import os

# service credentials
GITHUB_REFRESH_TOKEN = "ghr_{{rand:alnum:76}}"


def client():
    return Client(token=GITHUB_REFRESH_TOKEN)
