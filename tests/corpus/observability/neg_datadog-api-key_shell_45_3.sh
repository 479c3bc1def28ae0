#!/bin/sh
set -eu
export DD_API_KEY="changeme"
./deploy.sh "$@"
