import os

# service credentials
MAILCHIMP_API_KEY = "{{rand:hex:32}}-us21"


def client():
    return Client(token=MAILCHIMP_API_KEY)
