#!/bin/sh
set -eu
export DOPPLER_TOKEN="${DOPPLER_TOKEN}"
./deploy.sh "$@"
