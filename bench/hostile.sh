#!/usr/bin/env bash
# Costs on hostile inputs (issue 12 items 23-27), keygate against gitleaks
# on the same inputs in one run: wall seconds and peak memory (GNU time),
# best of two. Measured, never asserted.
#
#   bash bench/hostile.sh                  # gitleaks from $PEERS/bin (../shared/tools/install-peers.sh)
#   KG=/path/to/keygate bash bench/hostile.sh   # time that binary, no build
#
# Inputs (fake values from a fixed seed):
#   ids.py        100,000 AWS key IDs, one per line (item 23)
#   many.env      a .env with 100,000 secret values (item 23)
#   pairs.ini     4,000 key ID + secret key pairs (item 24)
#   oneline.js    a 60 MiB single line holding one key (item 25)
#   escaped.ipynb a 10 MiB notebook written with \u escapes, keys in its cells (item 26)
#   repo/         61 commits, each appending a line to an 8.7 MiB file (item 27: keygate diff
#                 ROOT..HEAD against gitleaks git over the same commits)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS:-/opt/peers}/bin
if [ -z "${KG:-}" ]; then
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
fi
kg=${KG:-$here/target/release/keygate}
gl=$peers/gitleaks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, os, random, subprocess, sys
w = sys.argv[1]
r = random.Random(12)
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
AN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
kid = lambda: "AK" + "IA" + "".join(r.choice(B32) for _ in range(16))
sec = lambda: "".join(r.choice(B64) for _ in range(40))
rnd = lambda n: "".join(r.choice(AN) for _ in range(n))
def write(name, text):
    with open(os.path.join(w, name), "w") as f:
        f.write(text)
os.makedirs(os.path.join(w, "ids")); os.makedirs(os.path.join(w, "env"))
os.makedirs(os.path.join(w, "pairs")); os.makedirs(os.path.join(w, "line")); os.makedirs(os.path.join(w, "nb"))
write("ids/ids.py", "".join(f"k{i} = '{kid()}'\n" for i in range(100_000)))
write("env/.env", "".join(f"SERVICE_{i}_SECRET={rnd(24)}\n" for i in range(100_000)))
write("pairs/pairs.ini", "".join(f"[p{i}]\naws_access_key_id = {kid()}\naws_secret_access_key = {sec()}\n\n" for i in range(4000)))
filler = "var a=1;" * (60 * 1024 * 1024 // 8)
mid = len(filler) // 2
write("line/oneline.js", filler[:mid] + f"var k='{kid()}';" + filler[mid:])
cells = []
size = 0
i = 0
while size < 10 * 1024 * 1024:
    src = [f"# cell {i} \u00e9\u00e8\u00ea\n", f"x = {i}\n"] + ([f"key = '{kid()}'\n"] if i % 500 == 0 else [])
    cells.append({"cell_type": "code", "execution_count": i, "metadata": {}, "outputs": [], "source": src})
    size += sum(len(s) for s in src) + 120
    i += 1
with open(os.path.join(w, "nb/escaped.ipynb"), "w") as f:
    json.dump({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, f, ensure_ascii=True, indent=1)
repo = os.path.join(w, "repo")
env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@x")
subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
big = "".join(f"row_{n} = {n * 7919 % 100003}\n" for n in range(420_000))
with open(os.path.join(repo, "big.py"), "w") as f:
    f.write(big)
subprocess.run(["git", "-C", repo, "add", "-A"], check=True, env=env)
subprocess.run(["git", "-C", repo, "commit", "-qm", "root"], check=True, env=env)
for c in range(61):
    with open(os.path.join(repo, "big.py"), "a") as f:
        f.write(f"key_{c} = '{kid()}'\n" if c % 10 == 0 else f"row_extra_{c} = {c}\n")
    subprocess.run(["git", "-C", repo, "commit", "-qam", f"c{c}"], check=True, env=env)
PY
root=$(git -C "$work/repo" rev-list --max-parents=0 HEAD)

measure() { # label, dir, command...
  local label=$1 dir=$2; shift 2
  local best_s="" best_m=""
  for _ in 1 2; do
    rm -f "$work/report.json"
    (cd "$dir" && /usr/bin/time -o "$work/time" -f "%e %M" "$@" >"$work/stdout.json" 2>/dev/null) || true
    read -r secs kib < <(tail -n 1 "$work/time")
    if [ -z "$best_s" ] || awk -v a="$secs" -v b="$best_s" 'BEGIN{exit !(a<b)}'; then
      best_s=$secs best_m=$kib
    fi
  done
  # What the run reported: a run that stopped early (a bad flag) reports
  # nothing and would time only its start-up.
  local found
  found=$(python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
for name in ("report.json", "stdout.json"):
    try:
        d = json.load(open(os.path.join(w, name)))
    except (OSError, ValueError):
        continue
    print(len(d["findings"]) if isinstance(d, dict) else len(d))
    break
else:
    print("none")
PY
)
  printf '| %-34s | %8.2f | %8.1f | %8s |\n' "$label" "$best_s" "$(awk -v k="$best_m" 'BEGIN{print k/1024}')" "$found"
}

echo "| input / scanner | seconds | peak MiB | findings |"
echo "|---|---|---|---|"
for d in ids env pairs line nb; do
  size=$(du -sh "$work/$d" | cut -f1)
  measure "$d ($size) keygate" "$work/$d" "$kg" scan . --max-file-size 1GiB --format json
  [ -x "$gl" ] && measure "$d ($size) gitleaks" "$work/$d" "$gl" dir . --no-banner --max-target-megabytes 1024 --report-format json --report-path "$work/report.json"
done
measure "61-commit diff of 8.7 MiB: keygate" "$work/repo" "$kg" diff "$root..HEAD" --format json
[ -x "$gl" ] && measure "61-commit diff of 8.7 MiB: gitleaks" "$work/repo" "$gl" git . --no-banner --log-opts="$root..HEAD" --report-format json --report-path "$work/report.json"
