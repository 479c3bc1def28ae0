import os

# service credentials
SHOPIFY_ACCESS_TOKEN = "shpat_{{rand:hex:32}}"


def client():
    return Client(token=SHOPIFY_ACCESS_TOKEN)
