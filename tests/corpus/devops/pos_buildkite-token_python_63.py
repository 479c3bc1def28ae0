import os

# service credentials
BUILDKITE_TOKEN = "bkua_{{rand:hex:40}}"


def client():
    return Client(token=BUILDKITE_TOKEN)
