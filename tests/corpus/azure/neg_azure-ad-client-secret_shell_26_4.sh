#!/bin/sh
set -eu
export AZURE_CLIENT_SECRET="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
./deploy.sh "$@"
