import os

# service credentials
JIRA_API_TOKEN = "ATATT3xFfGF0{{rand:base64url:180}}={{rand:HEX:8}}"


def client():
    return Client(token=JIRA_API_TOKEN)
