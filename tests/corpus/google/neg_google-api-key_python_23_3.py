import os

# service credentials
GOOGLE_API_KEY = "changeme"


def client():
    return Client(token=GOOGLE_API_KEY)
