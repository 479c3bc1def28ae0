import os

# service credentials
MAILGUN_API_KEY = "key-..."


def client():
    return Client(token=MAILGUN_API_KEY)
