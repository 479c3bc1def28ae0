#!/bin/sh
set -eu
export STRIPE_WEBHOOK_SECRET="<your-stripe-webhook-secret>"
./deploy.sh "$@"
