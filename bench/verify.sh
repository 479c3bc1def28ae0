#!/usr/bin/env bash
# What `--verify` adds to a history scan: a repository whose history holds
# N distinct fake GitHub tokens (one per commit, each later removed), scanned
# with and without --verify in the same run, against a local server that
# answers GitHub's GET /user after DELAY_MS milliseconds (a provider's real
# latency is about 50-300 ms). Measured, never asserted.
#
#   bash bench/verify.sh [N] [DELAY_MS]     (defaults: 50 tokens, 100 ms)
#   KG=/path/to/keygate bash bench/verify.sh   (time that binary, no build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-50}
delay=${2:-100}
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
# KG=/path/to/keygate skips the build and times that binary.
if [ -z "${KG:-}" ]; then
  cargo build --release --quiet --manifest-path "$here/Cargo.toml"
fi
kg=${KG:-$here/target/release/keygate}

git init -q -b main "$work/repo"
python3 - "$work/repo" "$n" <<'PY'
import os, random, subprocess, sys, zlib
repo, n = sys.argv[1], int(sys.argv[2])
alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
rng = random.Random(7)
def token():
    body = "".join(rng.choice(alnum) for _ in range(30))
    c = zlib.crc32(body.encode()); s = ""
    for _ in range(6):
        s = b62[c % 62] + s; c //= 62
    return "gh" + "p_" + body + s
env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@x")
for i in range(n):
    with open(os.path.join(repo, "publish.sh"), "w") as f:
        f.write("export GITHUB_TOKEN=%s\n" % token())
    subprocess.run(["git", "-C", repo, "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", repo, "commit", "-qm", "t%d" % i], check=True, env=env)
PY

port_file="$work/port"
python3 - "$port_file" "$delay" <<'PY' &
import http.server, socketserver, sys, time
port_file, delay = sys.argv[1], int(sys.argv[2]) / 1000
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(delay)
        body = b'{"login": "bench-bot", "type": "User"}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("x-oauth-scopes", "repo")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
open(port_file, "w").write(str(s.server_address[1]))
s.serve_forever()
PY
server=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
export KEYGATE_GITHUB_API_URL="http://127.0.0.1:$(cat "$port_file")"
cd "$work/repo"
echo "history of $n commits with $n distinct tokens; server delay ${delay} ms"
hyperfine -N -i --warmup 1 -r 5 \
  "$kg history -q" \
  "$kg history -q --verify" \
  "$kg history -q --verify --verify-jobs 8"
"$kg" history -q --verify | tail -2
