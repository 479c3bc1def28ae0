#!/bin/sh
set -eu
export CIRCLECI_TOKEN="CCIPAT_{{rand:alnum:22}}_{{rand:hex:40}}"
./deploy.sh "$@"
