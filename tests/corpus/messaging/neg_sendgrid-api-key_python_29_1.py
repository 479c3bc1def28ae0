import os

# service credentials
SENDGRID_API_KEY = "<your-sendgrid-api-key>"


def client():
    return Client(token=SENDGRID_API_KEY)
