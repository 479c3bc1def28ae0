#!/bin/sh
set -eu
export SONAR_TOKEN="<your-sonar-token>"
./deploy.sh "$@"
