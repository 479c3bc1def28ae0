import os

# service credentials
MWS_AUTH_TOKEN = "amzn.mws.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def client():
    return Client(token=MWS_AUTH_TOKEN)
