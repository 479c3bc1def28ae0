import os

# service credentials
DIGITALOCEAN_TOKEN = "dop_v1_{{rand:hex:64}}"


def client():
    return Client(token=DIGITALOCEAN_TOKEN)
