import os

# service credentials
DD_API_KEY = "<your-dd-api-key>"


def client():
    return Client(token=DD_API_KEY)
