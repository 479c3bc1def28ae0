#!/bin/sh
set -eu
export GH_TOKEN="${GH_TOKEN}"
./deploy.sh "$@"
