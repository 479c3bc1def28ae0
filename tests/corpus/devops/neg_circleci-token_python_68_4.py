import os

# service credentials
CIRCLECI_TOKEN = "CCIPAT_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def client():
    return Client(token=CIRCLECI_TOKEN)
