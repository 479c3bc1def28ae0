#!/bin/sh
set -eu
export GITHUB_OAUTH_TOKEN="gho_{{rand:alnum:36}}"
./deploy.sh "$@"
