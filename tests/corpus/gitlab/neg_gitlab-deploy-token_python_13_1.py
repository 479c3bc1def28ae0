import os

# service credentials
DEPLOY_TOKEN = "<your-deploy-token>"


def client():
    return Client(token=DEPLOY_TOKEN)
