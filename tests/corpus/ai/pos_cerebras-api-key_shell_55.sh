#!/bin/sh
set -eu
export CEREBRAS_API_KEY="csk-{{rand:0-9a-z:48}}"
./deploy.sh "$@"
