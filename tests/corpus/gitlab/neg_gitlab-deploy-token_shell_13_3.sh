#!/bin/sh
set -eu
export DEPLOY_TOKEN="changeme"
./deploy.sh "$@"
