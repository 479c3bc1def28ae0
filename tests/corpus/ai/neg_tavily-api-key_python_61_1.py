import os

# service credentials
TAVILY_API_KEY = "<your-tavily-api-key>"


def client():
    return Client(token=TAVILY_API_KEY)
