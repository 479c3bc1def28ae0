import os

# service credentials
FIREWORKS_API_KEY = "fw_{{rand:alnum:24}}"


def client():
    return Client(token=FIREWORKS_API_KEY)
