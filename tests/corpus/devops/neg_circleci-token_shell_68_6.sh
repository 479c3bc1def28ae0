#!/bin/sh
set -eu
export CIRCLECI_TOKEN="CCIPAT_..."
./deploy.sh "$@"
