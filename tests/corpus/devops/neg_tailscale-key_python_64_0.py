import os

# service credentials
TAILSCALE_AUTHKEY = "${TAILSCALE_AUTHKEY}"


def client():
    return Client(token=TAILSCALE_AUTHKEY)
