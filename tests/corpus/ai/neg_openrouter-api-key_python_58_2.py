import os

# service credentials
OPENROUTER_API_KEY = "{{ .Values.openrouterApiKey }}"


def client():
    return Client(token=OPENROUTER_API_KEY)
