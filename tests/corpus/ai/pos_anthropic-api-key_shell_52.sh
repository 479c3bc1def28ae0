#!/bin/sh
set -eu
export ANTHROPIC_API_KEY="sk-ant-api03-{{rand:base64url:93}}AA"
./deploy.sh "$@"
