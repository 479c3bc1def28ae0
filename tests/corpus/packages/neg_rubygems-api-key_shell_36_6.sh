#!/bin/sh
set -eu
export GEM_HOST_API_KEY="rubygems_..."
./deploy.sh "$@"
