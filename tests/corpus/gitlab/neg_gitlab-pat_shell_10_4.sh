#!/bin/sh
set -eu
export GITLAB_TOKEN="glpat-xxxxxxxxxxxxxxxxxxxx"
./deploy.sh "$@"
