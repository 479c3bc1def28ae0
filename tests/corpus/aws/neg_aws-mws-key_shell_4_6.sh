#!/bin/sh
set -eu
export MWS_AUTH_TOKEN="amzn.mws...."
./deploy.sh "$@"
