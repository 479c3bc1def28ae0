import os

# service credentials
GH_TOKEN = "github_pat_{{rand:alnum:22}}_{{rand:alnum:59}}"


def client():
    return Client(token=GH_TOKEN)
