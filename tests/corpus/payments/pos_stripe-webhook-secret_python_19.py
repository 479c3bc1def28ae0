import os

# service credentials
STRIPE_WEBHOOK_SECRET = "whsec_{{rand:alnum:32}}"


def client():
    return Client(token=STRIPE_WEBHOOK_SECRET)
