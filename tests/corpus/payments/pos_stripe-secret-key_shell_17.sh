#!/bin/sh
set -eu
export STRIPE_SECRET_KEY="sk_live_{{rand:alnum:99}}"
./deploy.sh "$@"
