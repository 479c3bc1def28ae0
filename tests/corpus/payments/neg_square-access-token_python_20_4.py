import os

# service credentials
SQUARE_ACCESS_TOKEN = "sq0atp-xxxxxxxxxxxxxxxxxxxxxx"


def client():
    return Client(token=SQUARE_ACCESS_TOKEN)
