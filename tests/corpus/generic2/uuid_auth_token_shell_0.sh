#!/bin/sh
set -eu
export AUTH_TOKEN="{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"
./deploy.sh "$@"
