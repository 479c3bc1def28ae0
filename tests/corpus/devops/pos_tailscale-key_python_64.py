import os

# service credentials
TAILSCALE_AUTHKEY = "tskey-auth-k{{rand:alnum:9}}11CNTRL-{{rand:alnum:33}}"


def client():
    return Client(token=TAILSCALE_AUTHKEY)
