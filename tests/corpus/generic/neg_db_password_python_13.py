import os

# service credentials
DB_PASSWORD = "postgres"


def client():
    return Client(token=DB_PASSWORD)
