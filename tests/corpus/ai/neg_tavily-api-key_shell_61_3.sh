#!/bin/sh
set -eu
export TAVILY_API_KEY="changeme"
./deploy.sh "$@"
