import os

# service credentials
FIRECRAWL_API_KEY = "fc-..."


def client():
    return Client(token=FIRECRAWL_API_KEY)
