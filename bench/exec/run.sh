#!/usr/bin/env bash
# Cost of `cronops exec` (SPEC §6 "wrapper cost"): a bare command, the same under the wrapper
# without and with pings, and the shell pattern Healthchecks documents, against a ping receiver
# on 127.0.0.1. Two builds of the wrapper are compared: the default release build (Swift
# runtime and Foundation as shared libraries) and one with --static-swift-stdlib (what we
# recommend shipping; it needs libcurl4-openssl-dev at build time).
#
#   apt-get install hyperfine curl python3 libcurl4-openssl-dev
#   bench/exec/run.sh                 # writes bench/exec/results.md
#   RUNS=50 bench/exec/run.sh         # quicker
set -euo pipefail
cd "$(dirname "$0")/../.."

swift build -c release --product cronops >/dev/null
DYNAMIC="$(swift build -c release --show-bin-path)/cronops"
swift build -c release --static-swift-stdlib --product cronops --scratch-path "${STATIC_SCRATCH:-.build/static}" >/dev/null
STATIC="$(swift build -c release --static-swift-stdlib --scratch-path "${STATIC_SCRATCH:-.build/static}" --show-bin-path)/cronops"

PORT="${PORT:-18931}"
URL="http://127.0.0.1:${PORT}"
export CRONOPS_PING_KEY=bench-ping-key
SLUG_URL="${URL}/${CRONOPS_PING_KEY}/bench"

python3 bench/exec/ping_receiver.py "$PORT" &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS -o /dev/null "$URL/ready" 2>/dev/null && break; sleep 0.1; done

hyperfine --warmup 10 --runs "${RUNS:-200}" -N --export-markdown bench/exec/results.md --export-json bench/exec/results.json \
  --command-name 'bare: sh -c true' "sh -c true" \
  --command-name 'exec (static), no pings' "$STATIC exec bench -- true" \
  --command-name 'exec (shared libs), no pings' "$DYNAMIC exec bench -- true" \
  --command-name 'exec (static), /start + /0' "$STATIC exec bench --ping-url $URL -- true" \
  --command-name 'exec (shared libs), /start + /0' "$DYNAMIC exec bench --ping-url $URL -- true" \
  --command-name 'curl pattern: start; cmd && ping' \
    "sh -c 'curl -fsS -m 10 --retry 5 -o /dev/null $SLUG_URL/start; true && curl -fsS -m 10 --retry 5 -o /dev/null $SLUG_URL'"

echo
echo "Results (also in bench/exec/results.md); machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
cat bench/exec/results.md
python3 - <<'PY'
import json
results = json.load(open("bench/exec/results.json"))["results"]
bare = results[0]["median"]
print("\nmedian [ms]  over bare  command")
for r in results:
    print(f"{r['median']*1000:10.1f}  {(r['median']-bare)*1000:+9.1f}  {r['command']}")
PY
