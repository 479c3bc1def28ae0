import os

# service credentials
AWS_SESSION_TOKEN = "IQoJb3JpZ2luX2Vj{{rand:base64:300}}"


def client():
    return Client(token=AWS_SESSION_TOKEN)
