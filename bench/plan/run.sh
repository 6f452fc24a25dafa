#!/usr/bin/env bash
# Plan benchmark: 10,000 jobs and 10,000 matching checks served from loopback; `cronops plan`
# with nothing to change must finish in under 1 s (release build), response parsing included,
# with exactly 2 requests. Usage: bench/plan/run.sh [JOBS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
jobs=${1:-10000}
runs=${2:-5}
out=bench/out/plan
rm -rf "$out" && mkdir -p "$out"

swift build -c release --product cronops >/dev/null
bin=.build/release/cronops

python3 bench/plan/generate.py "$out" --jobs "$jobs"
# Create the checks once with the local provider, then serve them as Healthchecks would.
"$bin" apply --config "$out/repo" >/dev/null 2>&1
validate_times=()
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S" -o "$out/time" "$bin" validate --quiet --config "$out/repo" >/dev/null
  read -r wall user sys < "$out/time"
  validate_times+=("${wall}s(cpu $(echo "$user + $sys" | bc)s)")
done
local_times=()
for _ in $(seq "$runs"); do
  s=$(date +%s.%N); "$bin" plan --quiet --detailed-exitcode --config "$out/repo" >/dev/null; e=$(date +%s.%N)
  local_times+=("$(echo "$e - $s" | bc)")
done
python3 bench/plan/server.py "$out" 0 --lifetime 300 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$out/port" ] && break; sleep 0.1; done
port=$(cat "$out/port")
python3 bench/plan/to_server.py "$out" "$port"

export HC_API_KEY=hcw_BenchKeyNotARealKey00000000000
times=()
for _ in $(seq "$runs"); do
  # exit 2 (changes pending) fails the run: the plan must have nothing to change.
  /usr/bin/time -f "%e %U %S" -o "$out/time" "$bin" plan --quiet --detailed-exitcode --config "$out/repo" > "$out/plan.txt"
  read -r wall user sys < "$out/time"
  times+=("${wall}s(cpu $(echo "$user + $sys" | bc)s)")
done
requests=$(curl -sf "http://127.0.0.1:$port/_count")
cat "$out/plan.txt"
echo "jobs: $jobs, runs: $runs"
echo "healthchecks plan (s): ${times[*]}"
echo "local plan (s):        ${local_times[*]}"
echo "validate alone (s):    ${validate_times[*]}   (the repository loader's share of every plan)"
echo "requests: $requests for $runs plans ($((requests / runs)) per plan)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
