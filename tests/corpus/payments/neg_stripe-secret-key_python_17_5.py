import os

# service credentials
STRIPE_SECRET_KEY = "REPLACE_ME"


def client():
    return Client(token=STRIPE_SECRET_KEY)
