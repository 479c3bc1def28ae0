#!/usr/bin/env bash
# keygate benchmarks: whole-process timings on real code, in one run, with
# the peers (when installed by ../shared/tools/install-peers.sh) timed on the
# same inputs; prints a table of medians, ratios and peak memory.
#
#   bash bench/run.sh [WORKDIR]
#
# Inputs, built once in WORKDIR (default /tmp/keygate-bench):
#   tree/   every .crate in ~/.cargo/registry/cache, unpacked (real Rust code,
#           tests, fixtures; a few hundred MB after `cargo fetch` of a big project)
#   repo/   a git history of tree/ built by bench/make_history.py
#           (a dozen files a commit, thousands of commits), with a small staged
#           change (3 edited files and 1 new file) for the hook workload
# Needs hyperfine (apt-get install hyperfine) and GNU time. Timings are
# measured, never asserted. KG_BASE=/path/to/an/older/keygate adds that
# binary's timings on the same inputs in the same run (a regression check).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/keygate-bench}
peers=${PEERS:-/opt/peers}/bin
runs=${RUNS:-5}
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
kg="$here/target/release/keygate"

if [ ! -d "$work/tree" ]; then
  mkdir -p "$work/tree"
  for c in "$HOME"/.cargo/registry/cache/*/*.crate; do tar xzf "$c" -C "$work/tree" 2>/dev/null || true; done
fi
if [ ! -d "$work/repo/.git" ]; then
  git init -q -b main "$work/repo"
  python3 "$here/bench/make_history.py" "$work/tree" | git -C "$work/repo" fast-import --quiet
  git -C "$work/repo" reset -q --hard main
  # Record every directory's tree id in the index, as `git commit` leaves it.
  git -C "$work/repo" write-tree >/dev/null
  # A small staged change for the hook workload.
  f1=$(git -C "$work/repo" ls-files | grep '\.rs$' | sed -n 100p)
  f2=$(git -C "$work/repo" ls-files | grep '\.md$' | sed -n 10p)
  f3=$(git -C "$work/repo" ls-files | grep '\.toml$' | sed -n 20p)
  for f in "$f1" "$f2" "$f3"; do echo "// bench edit" >> "$work/repo/$f"; done
  echo 'fn bench() {}' > "$work/repo/bench_new.rs"
  git -C "$work/repo" add -A
fi
bytes=$(du -sb "$work/tree" | cut -f1)
files=$(git -C "$work/repo" ls-files | wc -l)
commits=$(git -C "$work/repo" rev-list --count HEAD)
echo "inputs: tree $((bytes / 1048576)) MiB; repo $files files, $commits commits"

have() { [ -x "$peers/$1" ]; }
results="$work/results.md"
: > "$results"
# bench NAME DIR CMD...: median seconds (hyperfine) and peak RSS (GNU time).
bench() {
  local name=$1 dir=$2; shift 2
  local json="$work/h.json"
  (cd "$dir" && hyperfine -N -i --warmup 1 -r "$runs" --export-json "$json" -- "$*" >/dev/null 2>&1) || true
  local median
  median=$(python3 -c "import json;print('%.3f'%json.load(open('$json'))['results'][0]['median'])" 2>/dev/null || echo nan)
  local rss
  rss=$(cd "$dir" && { /usr/bin/time -f '%M' "$@" >/dev/null 2>"$work/t.err" || true; tail -1 "$work/t.err"; })
  printf '%s\t%s\t%s\t%s\n' "$section" "$name" "$median" "$((${rss:-0} / 1024))" >> "$results"
  printf '  %-28s %8s s %6s MiB\n' "$name" "$median" "$((${rss:-0} / 1024))"
}

section=pre-commit; echo "pre-commit (staged change in repo/):"
bench "keygate staged" "$work/repo" "$kg" staged
[ -n "${KG_BASE:-}" ] && bench "keygate staged (previous)" "$work/repo" "$KG_BASE" staged
GIT_CONFIG_GLOBAL=$peers/../etc/git-secrets.gitconfig bench "git-secrets" "$work/repo" git secrets --pre_commit_hook
have betterleaks && bench "betterleaks" "$work/repo" "$peers/betterleaks" git --staged --no-banner
have gitleaks && bench "gitleaks" "$work/repo" "$peers/gitleaks" git --pre-commit --staged --no-banner
bench "git diff --cached (baseline)" "$work/repo" git diff --cached --name-only

section=scan; echo "directory scan (tree/):"
bench "keygate scan" "$work" "$kg" scan tree
[ -n "${KG_BASE:-}" ] && bench "keygate scan (previous)" "$work" "$KG_BASE" scan tree
have kingfisher && bench "kingfisher" "$work" "$peers/kingfisher" scan tree --git-history none --no-update-check --no-validate
have betterleaks && bench "betterleaks" "$work" "$peers/betterleaks" fs tree --no-banner
have gitleaks && bench "gitleaks" "$work" "$peers/gitleaks" dir tree --no-banner
bench "grep -rIl AKIA (baseline)" "$work" grep -rIl AKIA tree

section=history; echo "history (repo/):"
bench "keygate history" "$work/repo" "$kg" history -q
[ -n "${KG_BASE:-}" ] && bench "keygate history (previous)" "$work/repo" "$KG_BASE" history -q
have kingfisher && bench "kingfisher" "$work/repo" "$peers/kingfisher" scan . --no-update-check --no-validate
have betterleaks && bench "betterleaks" "$work/repo" "$peers/betterleaks" git . --no-banner
have gitleaks && bench "gitleaks" "$work/repo" "$peers/gitleaks" git . --no-banner

echo
echo "| workload | tool | median s | peak MiB | tool time / keygate time |"
echo "|---|---|---|---|---|"
python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
base = {r[0]: float(r[2]) for r in rows if r[1].startswith("keygate") and "previous" not in r[1] and r[2] != "nan"}
for section, name, median, rss in rows:
    ratio = "" if median == "nan" or section not in base else "%.1f" % (float(median) / base[section])
    print(f"| {section} | {name} | {median} | {rss} | {ratio} |")
PY
