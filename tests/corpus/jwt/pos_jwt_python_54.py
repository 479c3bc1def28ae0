import os

# service credentials
SESSION_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.{{rand:base64url:43}}"


def client():
    return Client(token=SESSION_TOKEN)
