#!/bin/sh
set -eu
export MWS_AUTH_TOKEN="amzn.mws.{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}"
./deploy.sh "$@"
