import os

# service credentials
DB_PASSWORD = "changeme"


def client():
    return Client(token=DB_PASSWORD)
