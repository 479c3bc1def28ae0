#!/bin/sh
set -eu
export OPENAI_API_KEY="<your-openai-api-key>"
./deploy.sh "$@"
