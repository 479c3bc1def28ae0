#!/bin/sh
set -eu
export RIOT_API_KEY="RGAPI-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}"
./deploy.sh "$@"
