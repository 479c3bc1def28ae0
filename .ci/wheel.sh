#!/usr/bin/env bash
# The PyPI wheel (distribution keygate-bin, console script keygate) for old
# glibc: builds it with maturin for manylinux2014 (glibc 2.17), with zig as
# the linker so the host's newer glibc does not leak in, checks the wheel's
# platform tag and that the binary needs no glibc symbol newer than 2.17,
# then installs it into a fresh virtualenv and checks that its keygate runs
# and still catches a key. maturin and ziglang come from PyPI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
py=$(command -v python3 || command -v python)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv "$tmp/build"
"$tmp/build/bin/pip" install -q "maturin>=1.5,<2" ziglang
PATH="$tmp/build/bin:$PATH" maturin build --release --locked --zig \
  --compatibility manylinux2014 --out "$tmp/wheels"
wheel=$(ls "$tmp"/wheels/keygate_bin-*.whl)
echo "wheel: $(basename "$wheel")"
case "$(basename "$wheel")" in
  *manylinux2014_x86_64* | *manylinux_2_17_x86_64*) ;;
  *) echo "wheel.sh: not a manylinux2014 wheel: $wheel" >&2; exit 1 ;;
esac
"$py" -m venv "$tmp/app"
"$tmp/app/bin/pip" install -q --no-index "$wheel"
bin=$tmp/app/bin/keygate
# The newest glibc symbol version the binary needs.
newest=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
echo "newest glibc symbol: $newest"
if [ "$(printf '%s\n%s\n' "$newest" GLIBC_2.17 | sort -V | tail -n 1)" != GLIBC_2.17 ]; then
  echo "wheel.sh: keygate needs $newest, newer than manylinux2014's glibc 2.17" >&2
  exit 1
fi
"$bin" --version
mkdir -p "$tmp/scan"
printf 'x = 1\n' > "$tmp/scan/clean.py"
"$bin" scan "$tmp/scan"
# A key assembled at run time, so this script holds no key-shaped literal.
printf 'KEY = "%s%s"\n' "AKIA" "QX7RZ2M4PLT6W3NB" > "$tmp/scan/leak.py"
rc=0
"$bin" scan "$tmp/scan" > /dev/null || rc=$?
if [ "$rc" -ne 1 ]; then
  echo "wheel.sh: the wheel's keygate exited $rc on a planted key (expected 1)" >&2
  exit 1
fi
echo "wheel OK: $(basename "$wheel")"
