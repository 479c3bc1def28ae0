#!/usr/bin/env bash
# The pre-commit framework manifest (.pre-commit-hooks.yaml), run for real:
# pre-commit clones this checkout and builds keygate the way users get it
# (`language: rust`), then
#   * `pre-commit try-repo ... keygate-files --all-files` (what CI and
#     pre-commit.ci run) must fail on a repository with a fake key committed
#     at HEAD, naming the rule and the file;
#   * with a .pre-commit-config.yaml naming this checkout at HEAD (one more
#     build, shared by both checks): keygate-files must pass once the key is
#     gone, and the keygate hook must block a commit that stages a key.
# Needs python3 (pre-commit comes from PyPI), git and cargo. It tests the
# committed HEAD, not uncommitted changes. try-repo always builds in a fresh
# store; the release build goes to $CARGO_TARGET_DIR (default: this
# checkout's target/), so only keygate itself is compiled again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=$(command -v python3 || command -v python)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
export PRE_COMMIT_HOME=$tmp/cache
export PRE_COMMIT_COLOR=never

"$py" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q "pre-commit>=3.2"
pc=$tmp/venv/bin/pre-commit
"$pc" --version
ref=$(git -C "$root" rev-parse HEAD)

repo=$tmp/repo
git init -q -b main "$repo"
cd "$repo"
git config user.email ci@example.com
git config user.name ci
git config commit.gpgsign false
printf 'x = 1\n' > clean.py
# A key assembled at run time, so this script holds no key-shaped literal.
printf 'aws_access_key_id = "%s%s"\n' "AKIA" "QX7RZ2M4PLT6W3NB" > settings.py
git add clean.py settings.py
git commit -q -m "add settings"

fail() { echo "precommit.sh: $*" >&2; exit 1; }

rc=0
"$pc" try-repo "$root" keygate-files --ref "$ref" --all-files --verbose > "$tmp/out1" 2>&1 || rc=$?
cat "$tmp/out1"
[ "$rc" -eq 1 ] || fail "keygate-files --all-files exited $rc with a key committed at HEAD (expected 1)"
grep -q "aws-access-key-id" "$tmp/out1" || fail "keygate-files output does not name the rule"
grep -q "settings.py" "$tmp/out1" || fail "keygate-files output does not name the file"

cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $ref
    hooks:
      - id: keygate
      - id: keygate-files
YAML
git rm -q settings.py
git add .pre-commit-config.yaml
git commit -q -m "remove settings"
rc=0
"$pc" run keygate-files --all-files > "$tmp/out2" 2>&1 || rc=$?
cat "$tmp/out2"
[ "$rc" -eq 0 ] || fail "keygate-files --all-files exited $rc on a clean tree (expected 0)"

# The staged hook, as `git commit` runs it.
printf 'aws_access_key_id = "%s%s"\n' "AKIA" "QX7RZ2M4PLT6W3NB" > leak.py
git add leak.py
rc=0
"$pc" run keygate > "$tmp/out3" 2>&1 || rc=$?
cat "$tmp/out3"
[ "$rc" -eq 1 ] || fail "keygate (staged) exited $rc with a key staged (expected 1)"
grep -q "aws-access-key-id" "$tmp/out3" || fail "keygate (staged) output does not name the rule"
echo "pre-commit manifest OK"
