#!/bin/sh
set -eu
export GITHUB_OAUTH_TOKEN="REPLACE_ME"
./deploy.sh "$@"
