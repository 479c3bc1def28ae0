#!/bin/sh
set -eu
export SLACK_APP_TOKEN="{{ .Values.slackAppToken }}"
./deploy.sh "$@"
