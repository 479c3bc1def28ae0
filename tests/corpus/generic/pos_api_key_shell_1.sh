#!/bin/sh
set -eu
export API_KEY="{{rand:alnum:24}}"
./deploy.sh "$@"
