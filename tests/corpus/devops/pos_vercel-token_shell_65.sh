#!/bin/sh
set -eu
export VERCEL_TOKEN="vcp_{{rand:alnum:56}}"
./deploy.sh "$@"
