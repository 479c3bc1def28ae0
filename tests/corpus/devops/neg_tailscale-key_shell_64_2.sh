#!/bin/sh
set -eu
export TAILSCALE_AUTHKEY="{{ .Values.tailscaleAuthkey }}"
./deploy.sh "$@"
