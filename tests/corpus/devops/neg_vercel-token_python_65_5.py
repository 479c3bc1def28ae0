import os

# service credentials
VERCEL_TOKEN = "REPLACE_ME"


def client():
    return Client(token=VERCEL_TOKEN)
