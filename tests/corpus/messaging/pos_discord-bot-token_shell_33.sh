#!/bin/sh
set -eu
export DISCORD_BOT_TOKEN="MT{{rand:base64url:24}}.G{{rand:base64url:5}}.{{rand:base64url:38}}"
./deploy.sh "$@"
