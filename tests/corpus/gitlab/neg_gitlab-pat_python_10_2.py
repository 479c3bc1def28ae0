import os

# service credentials
GITLAB_TOKEN = "{{ .Values.gitlabToken }}"


def client():
    return Client(token=GITLAB_TOKEN)
