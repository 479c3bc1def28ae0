#!/bin/sh
set -eu
export SQUARE_ACCESS_TOKEN="sq0atp-{{rand:base64url:22}}"
./deploy.sh "$@"
