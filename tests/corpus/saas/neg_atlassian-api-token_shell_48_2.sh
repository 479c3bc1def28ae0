#!/bin/sh
set -eu
export JIRA_API_TOKEN="{{ .Values.jiraApiToken }}"
./deploy.sh "$@"
