#!/usr/bin/env bash
# Next-instant throughput of cronops' schedule engine and of cronsim 2.7 (what Healthchecks
# runs), in the same run, plus the wall time of one `cronops next --count 1` process.
#
#   pip install cronsim==2.7; apt-get install hyperfine
#   bash bench/schedule/run.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-100000}"
zone=Europe/Berlin
swift build -c release --product cronops >/dev/null
bin=.build/release/cronops

printf '%-14s %14s %14s %8s\n' "schedule" "cronops/s" "cronsim/s" "ratio"
for expr in '*/5 * * * *' '0 0 LW * 5L' '30 2 * * *'; do
    ours=$("$bin" next "$expr" --tz "$zone" --after 2026-01-01T00:00:00Z --count "$count" --throughput | awk '{print $(NF-2)}')
    theirs=$(python3 bench/schedule/cronsim_throughput.py "$expr" "$zone" "$count" | awk '{print $(NF-2)}')
    printf '%-14s %14s %14s %7sx\n' "$expr" "$ours" "$theirs" "$((ours / theirs))"
done

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 5 --runs 50 --shell=none "$bin next '30 2 * * *' --tz $zone --count 1"
else
    echo "hyperfine not installed (apt-get install hyperfine): skipping the process wall time"
fi
