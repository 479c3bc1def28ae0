#!/bin/sh
set -eu
export OPENROUTER_API_KEY="sk-or-v1-{{rand:hex:64}}"
./deploy.sh "$@"
