import os

# service credentials
HEROKU_API_KEY = "changeme"


def client():
    return Client(token=HEROKU_API_KEY)
