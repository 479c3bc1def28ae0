import os

# service credentials
JIRA_API_TOKEN = "${JIRA_API_TOKEN}"


def client():
    return Client(token=JIRA_API_TOKEN)
