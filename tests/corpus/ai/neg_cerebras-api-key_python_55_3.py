import os

# service credentials
CEREBRAS_API_KEY = "changeme"


def client():
    return Client(token=CEREBRAS_API_KEY)
