#!/bin/sh
set -eu
export SESSION_TOKEN="${SESSION_TOKEN}"
./deploy.sh "$@"
