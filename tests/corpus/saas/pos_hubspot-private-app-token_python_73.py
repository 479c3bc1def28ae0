import os

# service credentials
HUBSPOT_ACCESS_TOKEN = "pat-na1-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}"


def client():
    return Client(token=HUBSPOT_ACCESS_TOKEN)
