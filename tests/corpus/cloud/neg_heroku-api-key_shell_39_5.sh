#!/bin/sh
set -eu
export HEROKU_API_KEY="REPLACE_ME"
./deploy.sh "$@"
