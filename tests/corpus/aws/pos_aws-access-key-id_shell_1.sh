#!/bin/sh
set -eu
export AWS_ACCESS_KEY_ID="ASIA{{rand:A-Z2-7:16}}"
./deploy.sh "$@"
