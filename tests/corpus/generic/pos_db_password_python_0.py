import os

# service credentials
DB_PASSWORD = "{{rand:alnum:16}}"


def client():
    return Client(token=DB_PASSWORD)
