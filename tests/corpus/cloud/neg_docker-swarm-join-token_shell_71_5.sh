#!/bin/sh
set -eu
export SWARM_JOIN_TOKEN="REPLACE_ME"
./deploy.sh "$@"
