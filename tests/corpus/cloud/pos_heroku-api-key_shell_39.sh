#!/bin/sh
set -eu
export HEROKU_API_KEY="HRKU-{{rand:base64url:60}}"
./deploy.sh "$@"
