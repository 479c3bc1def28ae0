import os

# service credentials
CLOUDFLARE_API_TOKEN = "{{ .Values.cloudflareApiToken }}"


def client():
    return Client(token=CLOUDFLARE_API_TOKEN)
