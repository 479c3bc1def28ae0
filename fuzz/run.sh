#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) each and prints, per target,
# the iterations run, the coverage reached and whether it found a crash.
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. Install the runner with `cargo install cargo-fuzz`.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
export RUSTC_BOOTSTRAP=1
status=0
for target in $(cargo fuzz list); do
  log=$(mktemp)
  cargo fuzz run "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 >"$log" 2>&1
  rc=$?
  done_line=$(grep -E "^Done [0-9]+ runs" "$log" | tail -1)
  cov=$(grep -oE "cov: [0-9]+" "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    echo "$target: ok, ${done_line:-?}, ${cov:-?}"
  else
    echo "$target: FAILED (exit $rc), see fuzz/artifacts/$target; last lines:"
    tail -20 "$log"
    status=1
  fi
  rm -f "$log"
done
exit $status
