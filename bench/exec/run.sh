#!/usr/bin/env bash
# Cost of `cronops exec` (SPEC §6 "wrapper cost"): a bare command, the same under the wrapper
# without and with pings, and the shell pattern Healthchecks documents, against a ping receiver
# on 127.0.0.1. Needs hyperfine, curl and python3 (apt-get install hyperfine curl python3).
#
#   bench/exec/run.sh            # builds release, runs, writes bench/exec/results.md
set -euo pipefail
cd "$(dirname "$0")/../.."

swift build -c release --product cronops >/dev/null
CRONOPS="$(swift build -c release --show-bin-path)/cronops"
PORT="${PORT:-18931}"
URL="http://127.0.0.1:${PORT}"
export CRONOPS_PING_KEY=bench-ping-key
SLUG_URL="${URL}/${CRONOPS_PING_KEY}/bench"

python3 bench/exec/ping_receiver.py "$PORT" &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS -o /dev/null "$URL/ready" 2>/dev/null && break; sleep 0.1; done

hyperfine --warmup 10 --runs "${RUNS:-200}" -N --export-markdown bench/exec/results.md \
  --command-name 'bare: sh -c true' "sh -c true" \
  --command-name 'cronops exec, no pings' "$CRONOPS exec bench -- true" \
  --command-name 'cronops exec, /start + /0 pings' "$CRONOPS exec bench --ping-url $URL -- true" \
  --command-name 'curl pattern (start; cmd && ping)' \
    "sh -c 'curl -fsS -m 10 --retry 5 -o /dev/null $SLUG_URL/start; true && curl -fsS -m 10 --retry 5 -o /dev/null $SLUG_URL'"

echo
echo "Results (also in bench/exec/results.md):"
cat bench/exec/results.md
