#!/bin/sh
set -eu
export GOOGLE_API_KEY="REPLACE_ME"
./deploy.sh "$@"
