#!/bin/sh
set -eu
export SHOPIFY_ACCESS_TOKEN="${SHOPIFY_ACCESS_TOKEN}"
./deploy.sh "$@"
