import os

# service credentials
PAYMENTS_API_KEY = "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"


def client():
    return Client(token=PAYMENTS_API_KEY)
