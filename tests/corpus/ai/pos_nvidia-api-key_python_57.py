import os

# service credentials
NVIDIA_API_KEY = "nvapi-{{rand:base64url:64}}"


def client():
    return Client(token=NVIDIA_API_KEY)
