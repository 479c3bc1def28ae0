import os

# service credentials
AWS_ACCESS_KEY_ID = "REPLACE_ME"


def client():
    return Client(token=AWS_ACCESS_KEY_ID)
