#!/bin/sh
set -eu
export DOCKERHUB_TOKEN="${DOCKERHUB_TOKEN}"
./deploy.sh "$@"
