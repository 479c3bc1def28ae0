#!/bin/sh
set -eu
export SENDGRID_API_KEY="changeme"
./deploy.sh "$@"
