import os

# service credentials
SONAR_TOKEN = "sqp_{{rand:hex:40}}"


def client():
    return Client(token=SONAR_TOKEN)
