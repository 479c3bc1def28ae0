#!/bin/sh
set -eu
export DD_API_KEY="{{rand:hex:32}}"
./deploy.sh "$@"
