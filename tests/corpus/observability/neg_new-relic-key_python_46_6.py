import os

# service credentials
NEW_RELIC_API_KEY = "NRAK-..."


def client():
    return Client(token=NEW_RELIC_API_KEY)
