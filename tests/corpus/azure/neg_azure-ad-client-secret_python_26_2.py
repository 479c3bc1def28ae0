import os

# service credentials
AZURE_CLIENT_SECRET = "{{ .Values.azureClientSecret }}"


def client():
    return Client(token=AZURE_CLIENT_SECRET)
