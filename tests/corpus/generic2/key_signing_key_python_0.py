import os

# service credentials
SIGNING_KEY = "{{rand:alnum:32}}"


def client():
    return Client(token=SIGNING_KEY)
