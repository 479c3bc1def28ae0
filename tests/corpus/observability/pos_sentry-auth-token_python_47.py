import os

# service credentials
SENTRY_AUTH_TOKEN = "sntryu_{{rand:hex:64}}"


def client():
    return Client(token=SENTRY_AUTH_TOKEN)
