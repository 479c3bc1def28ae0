import os

# service credentials
DOPPLER_TOKEN = "dp.st.{{rand:alnum:43}}"


def client():
    return Client(token=DOPPLER_TOKEN)
