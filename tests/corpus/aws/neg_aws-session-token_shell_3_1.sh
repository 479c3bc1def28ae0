#!/bin/sh
set -eu
export AWS_SESSION_TOKEN="<your-aws-session-token>"
./deploy.sh "$@"
