#!/usr/bin/env bash
# The pre-receive hook's overhead: real `git push`es over file:// into bare
# repositories with and without `keygate install --pre-receive`, in one run.
#
#   bash bench/pre_receive.sh [WORKDIR]
#
#   (a) 50 commits pushed to a server that holds the rest of a long history
#   (b) the initial push of that whole history into an empty server, next to
#       `keygate history` on the same history
#   (c) pushes of 250, 500 and 1,000 new branches at once (one new commit each)
#
# The history is built once in WORKDIR (default /tmp/keygate-prerecv-bench) by
# bench/make_history.py from every .crate in ~/.cargo/registry/cache (real
# Rust code; a dozen files a commit), or from TREE=<dir> if given. Each case
# is pushed RUNS times (default 5) after resetting the server, and the
# median wall time is printed; the hook's overhead is the difference.
# Timings are measured, never asserted.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/keygate-prerecv-bench}
runs=${RUNS:-5}
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
kg="$here/target/release/keygate"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.invalid

tree=${TREE:-$work/tree}
if [ ! -d "$tree" ]; then
  mkdir -p "$tree"
  for c in "$HOME"/.cargo/registry/cache/*/*.crate; do tar xzf "$c" -C "$tree" 2>/dev/null || true; done
fi
src=$work/src.git
if [ ! -d "$src" ]; then
  git init -q --bare -b main "$src"
  python3 "$here/bench/make_history.py" "$tree" | git -C "$src" fast-import --quiet
  git -C "$src" repack -adq
fi
commits=$(git -C "$src" rev-list --count main)
size=$(du -sm "$src" | cut -f1)
echo "history: $commits commits, $(git -C "$src" ls-tree -r main | wc -l) files at the tip, ${size} MiB packed"

# timed SETUP CMD...: runs SETUP (untimed) then CMD, RUNS times; prints the
# medians of wall time and of CPU time (user + system, the hook included:
# GNU time counts every descendant git waited for), in seconds. CPU time
# says more than wall time on a loaded machine.
timed() {
  local setup=$1; shift
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    eval "$setup"
    /usr/bin/time -f '%e %U %S' -o "$work/t.txt" "$@" >/dev/null 2>"$work/cmd.err" || {
      echo "failed: $*" >&2; cat "$work/cmd.err" >&2; exit 1
    }
    read -r w u s < <(tail -1 "$work/t.txt")
    if [ -z "$s" ]; then echo "no timing for: $* ($(cat "$work/t.txt"))" >&2; exit 1; fi
    walls+=("$w"); cpus+=("$(python3 -c "print($u + $s)")")
  done
  python3 -c '
import sys
n = int(sys.argv[1]); v = [float(x) for x in sys.argv[2:]]
m = lambda a: sorted(a)[len(a) // 2]
print("%.3f %.3f" % (m(v[:n]), m(v[n:])))' "$runs" "${walls[@]}" "${cpus[@]}"
}
row() { # NAME "WALL CPU" "WALL CPU" (no hook, hook)
  python3 -c '
import sys
name, (w0, c0), (w1, c1) = sys.argv[1], map(float, sys.argv[2].split()), map(float, sys.argv[3].split())
print("%-40s %7.3f %7.3f %+7.3f   %7.3f %7.3f %+7.3f" % (name, w0, w1, w1 - w0, c0, c1, c1 - c0))' "$@"
}
server() { # DIR HOOKED
  rm -rf "$1"
  git init -q --bare -b main "$1"
  if [ "$2" = 1 ]; then
    "$kg" install --pre-receive --git-dir "$1" >/dev/null
    sed -i "s|^KEYGATE_ARGS=\"\"|KEYGATE_ARGS=\"--config $work/allow-all.yaml\"|" "$1/hooks/pre-receive"
  fi
}

printf '%-40s %23s   %23s\n' "" "wall seconds" "CPU seconds"
printf '%-40s %7s %7s %7s   %7s %7s %7s\n' case "no hook" hook "+" "no hook" hook "+"

# (a) 50 commits onto a server that has everything before them.
base=$(git -C "$src" rev-parse main~50)
for h in 0 1; do
  server "$work/a$h.git" "$h"
  git -C "$src" push -q "$work/a$h.git" "$base:refs/heads/main" 2>/dev/null
done
reset_a='git -C "$work/a$h.git" update-ref refs/heads/main "$base"'
h=0; a0=$(timed "$reset_a" git -C "$src" push -q "$work/a0.git" main)
h=1; a1=$(timed "$reset_a" git -C "$src" push -q "$work/a1.git" main)
row "(a) 50 commits onto $((commits - 50))" "$a0" "$a1"

# (b) the whole history into an empty server.
b0=$(timed 'server "$work/b.git" 0' git -C "$src" push -q "$work/b.git" main)
b1=$(timed 'server "$work/b.git" 1' git -C "$src" push -q "$work/b.git" main)
row "(b) initial push of $commits commits" "$b0" "$b1"
hist=$(cd "$src" && timed ':' "$kg" history --quiet --config "$work/allow-all.yaml")
python3 -c 'import sys; w, c = sys.argv[1].split(); print("%-40s %7s %7.3f %7s   %7s %7.3f" % ("    keygate history, same history", "", float(w), "", "", float(c)))' "$hist"

# (c) many new branches in one push, one new small commit each.
tip=$(git -C "$src" rev-parse main)
for h in 0 1; do
  server "$work/c$h.git" "$h"
  git -C "$src" push -q "$work/c$h.git" main 2>/dev/null
done
git -C "$src" for-each-ref --format='delete %(refname)' refs/heads/bench/ | git -C "$src" update-ref --stdin
root=$(git -C "$src" ls-tree main)
{
  for i in $(seq 1000); do
    blob=$(printf 'branch %d\n' "$i" | git -C "$src" hash-object -w --stdin)
    # main's tree plus one new file at the root.
    tree=$(printf '%s\n100644 blob %s\tbench-%d.txt\n' "$root" "$blob" "$i" | git -C "$src" mktree)
    c=$(git -C "$src" commit-tree "$tree" -p "$tip" -m "branch $i")
    echo "create refs/heads/bench/$i $c"
  done
} | git -C "$src" update-ref --stdin
reset_c='git -C "$work/c$h.git" for-each-ref --format="delete %(refname)" refs/heads/bench/ | git -C "$work/c$h.git" update-ref --stdin'
for n in 250 500 1000; do
  specs=()
  for i in $(seq "$n"); do specs+=("refs/heads/bench/$i"); done
  h=0; c0=$(timed "$reset_c" git -C "$src" push -q "$work/c0.git" "${specs[@]}")
  h=1; c1=$(timed "$reset_c" git -C "$src" push -q "$work/c1.git" "${specs[@]}")
  row "(c) $n new branches in one push" "$c0" "$c1"
done
