import os

# service credentials
LINEAR_API_KEY = "REPLACE_ME"


def client():
    return Client(token=LINEAR_API_KEY)
