import os

# service credentials
AWS_ACCESS_KEY_ID = "AKIA{{rand:A-Z2-7:16}}"


def client():
    return Client(token=AWS_ACCESS_KEY_ID)
