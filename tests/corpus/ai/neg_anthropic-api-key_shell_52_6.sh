#!/bin/sh
set -eu
export ANTHROPIC_API_KEY="sk-ant-api03-..."
./deploy.sh "$@"
