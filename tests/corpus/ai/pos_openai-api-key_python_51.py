import os

# service credentials
OPENAI_API_KEY = "sk-proj-{{rand:base64url:74}}T3BlbkFJ{{rand:base64url:74}}"


def client():
    return Client(token=OPENAI_API_KEY)
