#!/bin/sh
set -eu
export AWS_ACCESS_KEY_ID="{{ .Values.awsAccessKeyId }}"
./deploy.sh "$@"
