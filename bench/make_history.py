#!/usr/bin/env python3
"""Writes a `git fast-import` stream that builds a long history from a tree
of real source files: files are added a dozen per commit, and every fifth
commit also edits a file added earlier, so blobs have several versions.

    python3 bench/make_history.py TREE | git -C REPO fast-import --quiet
"""
import os
import sys

root = sys.argv[1]
per_commit = int(sys.argv[2]) if len(sys.argv) > 2 else 12
files = []
for d, _, names in os.walk(root):
    for n in names:
        p = os.path.join(d, n)
        try:
            if os.path.islink(p) or os.path.getsize(p) > 2_000_000:
                continue
        except OSError:
            continue
        files.append(p)
files.sort()
out = sys.stdout.buffer


def data(b):
    out.write(b"data %d\n" % len(b))
    out.write(b)
    out.write(b"\n")


commits = 0
for i in range(0, len(files), per_commit):
    commits += 1
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Bench <bench@example.invalid> %d +0000\n" % (1_600_000_000 + commits * 60))
    data(b"import batch %d" % commits)
    for p in files[i:i + per_commit]:
        out.write(b"M 100644 inline " + os.path.relpath(p, root).encode() + b"\n")
        with open(p, "rb") as f:
            data(f.read())
    if commits % 5 == 0 and i >= 5 * per_commit:
        p = files[i - 5 * per_commit]
        with open(p, "rb") as f:
            body = f.read() + b"\n// edited in commit %d\n" % commits
        out.write(b"M 100644 inline " + os.path.relpath(p, root).encode() + b"\n")
        data(body)
    out.write(b"\n")
sys.stderr.write(f"{commits} commits, {len(files)} files\n")
