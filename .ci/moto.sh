#!/usr/bin/env bash
# Installs moto (PyPI) into the virtual environment that the verification
# tests use (tests/verify/moto.rs), so that CI always runs the AWS STS tests
# against a real SigV4-checking server instead of skipping them.
# Usage: bash .ci/moto.sh   (from .ci/run, before `cargo test`)
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${CARGO_TARGET_DIR:-target}/tmp/moto-venv"
if [ -f "$venv/.keygate-ready" ] && [ -x "$venv/bin/python" ]; then
  echo "moto: $("$venv/bin/python" -m pip show moto 2>/dev/null | sed -n 's/^Version: /moto /p') in $venv"
  exit 0
fi

py=$(command -v python3 || true)
if [ -z "$py" ] || ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq python3 python3-venv
  py=$(command -v python3)
fi

rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet 'moto[server]>=5,<6'
echo "moto installed by .ci/moto.sh" > "$venv/.keygate-ready"
echo "moto: $("$venv/bin/python" -m pip show moto | sed -n 's/^Version: /moto /p') in $venv"
