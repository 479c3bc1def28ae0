import os

# service credentials
TWILIO_AUTH_TOKEN = "{{rand:hex:32}}"


def client():
    return Client(token=TWILIO_AUTH_TOKEN)
