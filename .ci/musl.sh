#!/usr/bin/env bash
# The static Linux build that releases and the container image ship: builds
# keygate for x86_64-unknown-linux-musl, checks that `file` calls it
# statically linked, and that it runs and still catches a key.
# Needs rustup (the musl target comes from static.rust-lang.org) and a musl
# C compiler for libgit2 (Debian: musl-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-unknown-linux-musl
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi
if ! command -v musl-gcc >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq musl-tools
fi
if ! command -v file >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq file
fi
cargo build --release --locked --target "$target" --bin keygate
bin=target/$target/release/keygate
info=$(file -L "$bin")
echo "$info"
case "$info" in
  *"statically linked"* | *"static-pie linked"*) ;;
  *) echo "musl.sh: $bin is not statically linked" >&2; exit 1 ;;
esac
if ldd "$bin" 2>&1 | grep -q '=>'; then
  echo "musl.sh: ldd lists shared libraries for $bin" >&2
  exit 1
fi
echo "size: $(wc -c < "$bin") bytes"
"$bin" --version
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'x = 1\n' > "$tmp/clean.py"
"$bin" scan "$tmp"
# A key assembled at run time, so this script holds no key-shaped literal.
printf 'KEY = "%s%s"\n' "AKIA" "QX7RZ2M4PLT6W3NB" > "$tmp/leak.py"
rc=0
"$bin" scan "$tmp" > /dev/null || rc=$?
if [ "$rc" -ne 1 ]; then
  echo "musl.sh: the static keygate exited $rc on a planted key (expected 1)" >&2
  exit 1
fi
echo "musl OK: $target, static"
