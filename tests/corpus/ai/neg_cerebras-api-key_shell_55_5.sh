#!/bin/sh
set -eu
export CEREBRAS_API_KEY="REPLACE_ME"
./deploy.sh "$@"
