#!/bin/sh
set -eu
export PYPI_TOKEN="<your-pypi-token>"
./deploy.sh "$@"
