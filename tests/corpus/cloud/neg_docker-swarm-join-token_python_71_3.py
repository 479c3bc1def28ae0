import os

# service credentials
SWARM_JOIN_TOKEN = "changeme"


def client():
    return Client(token=SWARM_JOIN_TOKEN)
