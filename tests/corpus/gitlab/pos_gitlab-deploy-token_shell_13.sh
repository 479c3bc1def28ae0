#!/bin/sh
set -eu
export DEPLOY_TOKEN="gldt-{{rand:base64url:20}}"
./deploy.sh "$@"
