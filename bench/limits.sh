#!/usr/bin/env bash
# Bounded time and memory on hostile inputs (issue 5). Builds, in a temp
# dir: a 1 GiB file that is one single line, a directory of 100,000 small
# files, and a repository whose history holds a 200 MiB blob. Each keygate
# run is measured with /usr/bin/time (wall seconds, peak RSS) next to a
# baseline that only reads the same bytes, in the same run.
#
#   bash bench/limits.sh            # needs ~1.5 GiB of disk in $TMPDIR
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
kg="$PWD/target/release/keygate"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label, command... (best of two runs)
  local label=$1; shift
  local best_s="" best_m=""
  for _ in 1 2; do
    /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>&1 || true
    read -r secs kib < <(tail -n 1 "$work/time")
    if [ -z "$best_s" ] || awk -v a="$secs" -v b="$best_s" 'BEGIN{exit !(a<b)}'; then
      best_s=$secs best_m=$kib
    fi
  done
  printf '%-62s %8.2f s %8.1f MiB\n' "$label" "$best_s" "$(awk -v k="$best_m" 'BEGIN{print k/1024}')"
}

key="AKIA$(python3 -c 'import random; r=random.Random(7); print("".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)))')"

# 1. A 1 GiB file that is a single line, a key in its middle.
mkdir -p "$work/one-line"
python3 - "$work/one-line/bundle.min.js" "$key" <<'PY'
import sys
path, key = sys.argv[1], sys.argv[2]
block = b"var a=b(c),d=e[f];" * 58254  # ~1 MiB
with open(path, "wb") as f:
    for i in range(1024):
        f.write(block)
        if i == 512:
            f.write(b'var k="' + key.encode() + b'";')
PY
echo "== 1 GiB single-line file ($(du -h "$work/one-line/bundle.min.js" | cut -f1))"
measure "baseline: cat (read every byte)" cat "$work/one-line/bundle.min.js"
measure "keygate scan (default 10 MiB limit: skipped, noted)" "$kg" scan "$work/one-line"
measure "keygate scan --max-file-size 2GiB (chunked scan)" "$kg" scan --max-file-size 2GiB "$work/one-line"
"$kg" scan --max-file-size 2GiB --format json "$work/one-line" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("   findings:", [(f["rule"], f["line"], f["column"]) for f in d["findings"]], "long-line files:", d["stats"]["long_lines"])' || true

# 2. 100,000 small files in 100 folders.
python3 - "$work/many" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    p = os.path.join(root, f"pkg{d:03}")
    os.makedirs(p)
    for i in range(1000):
        with open(os.path.join(p, f"m{i:04}.py"), "w") as f:
            f.write(f"def f{i}(x):\n    return x * {i}  # module {d}\n")
PY
echo "== 100,000-file directory"
measure "baseline: grep -rl AKIA (one literal)" grep -rl AKIA "$work/many"
measure "keygate scan (every rule)" "$kg" scan "$work/many"

# 3. A history with a 200 MiB blob.
repo="$work/repo"
git init -q -b main "$repo"
(
  cd "$repo"
  git config user.email bench@example.invalid
  git config user.name bench
  for i in $(seq 1 50); do echo "line $i" > "f$i.txt"; git add "f$i.txt"; git commit -qm "c$i"; done
  python3 - <<'PY'
import base64, os
with open("big.txt", "wb") as f:  # about 200 MiB of base64 text in 120-character lines
    for _ in range(1735):
        b = base64.b64encode(os.urandom(90000))
        f.write(b"\n".join(b[i:i + 120] for i in range(0, len(b), 120)) + b"\n")
PY
  git add big.txt && git commit -qm "a 200 MiB blob" && rm big.txt && git rm -q --cached big.txt && git commit -qm "drop it"
  git gc -q
)
echo "== history with a 200 MiB blob ($(git -C "$repo" count-objects -vH | grep size-pack))"
measure "baseline: git log -p (read every blob)" git -C "$repo" log -p --all
measure "keygate history (default limit: blob header read, skipped)" env -C "$repo" "$kg" history -q --format json
measure "keygate history --max-file-size 300MiB (blob scanned)" env -C "$repo" "$kg" history -q --max-file-size 300MiB
