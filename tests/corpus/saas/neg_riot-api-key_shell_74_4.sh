#!/bin/sh
set -eu
export RIOT_API_KEY="RGAPI-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
./deploy.sh "$@"
