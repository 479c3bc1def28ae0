import os

# service credentials
AWS_ACCESS_KEY_ID = "${AWS_ACCESS_KEY_ID}"


def client():
    return Client(token=AWS_ACCESS_KEY_ID)
