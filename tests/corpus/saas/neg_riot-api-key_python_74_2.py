import os

# service credentials
RIOT_API_KEY = "{{ .Values.riotApiKey }}"


def client():
    return Client(token=RIOT_API_KEY)
