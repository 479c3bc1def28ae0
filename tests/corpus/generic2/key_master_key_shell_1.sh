#!/bin/sh
set -eu
export MASTER_KEY="{{rand:base64url:40}}"
./deploy.sh "$@"
