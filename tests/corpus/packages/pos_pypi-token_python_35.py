import os

# service credentials
PYPI_TOKEN = "pypi-AgEIcHlwaS5vcmc{{rand:base64url:120}}"


def client():
    return Client(token=PYPI_TOKEN)
