#!/usr/bin/env bash
# Times `cronops generate` on a generated repository of 10,000 jobs in 1,000 files over 10
# systemd hosts (both scopes; jobs in UTC, Berlin and Kathmandu, some guarded, some with L/#),
# against `cronops validate` on the same repository. 20,000 unit files are written per run.
# Usage: swift build -c release && bench/systemd/run.sh [runs]
#        (CRONOPS_BIN=.build/debug/cronops to time another build; KIND=kubernetes for 10
#        kubernetes hosts instead, 10,000 CronJob manifests and 10 kustomization.yaml)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${CRONOPS_BIN:-.build/release/cronops}
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
runs=${1:-5}
kind=${KIND:-systemd}
repo=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$repo" "$out"' EXIT

{
  echo "version: 1"
  echo "project: bench"
  echo "monitor: { provider: healthchecks }"
  echo "hosts:"
  for h in 0 1 2 3 4 5 6 7 8 9; do
    if [ "$kind" = kubernetes ]; then
      echo "  host-$h: { kind: kubernetes, namespace: batch-$h, image: registry.example.com/jobs:1 }"
      continue
    fi
    if (( h % 2 )); then scope=user; else scope=system; fi
    echo "  host-$h: { kind: systemd, scope: $scope }"
  done
} > "$repo/cronops.yaml"
mkdir -p "$repo/jobs"
schedules=('*/5 * * * *' '0 1 * * *' '30 2 L * *' '15 3 * * MON#2' '5/15 9-17 * * MON-FRI' '0 0 1 */3 *')
zones=(UTC Europe/Berlin Asia/Kathmandu)
for f in $(seq 0 999); do
  {
    echo "jobs:"
    for j in $(seq 0 9); do
      n=$((f * 10 + j))
      echo "  job-$n:"
      echo "    command: /app/bin/task --id $n --date \"\$(date +%F)\" | tee -a /var/log/task-$n.log"
      echo "    schedule: \"${schedules[$((n % 6))]}\""
      echo "    timezone: ${zones[$((n % 3))]}"
      echo "    hosts: [host-$((n % 10))]"
      echo "    max_runtime: 1h"
      echo "    overlap: skip"
      echo "    validate: { stdout: { json: ['failed == 0'] }, stderr: { forbids: ['(?i)traceback'] } }"
    done
  } > "$repo/jobs/file-$f.yaml"
done

time_runs() {
  local label=$1; shift
  local best=999999 total=0
  for _ in $(seq "$runs"); do
    local start end ms
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    total=$((total + ms))
    (( ms < best )) && best=$ms
  done
  printf '%-40s best %5d ms   mean %5d ms   (%d runs)\n' "$label" "$best" "$((total / runs))" "$runs"
}

"$bin" generate --out-dir "$out" --config "$repo" 2>/dev/null || { "$bin" generate --out-dir "$out" --config "$repo"; exit 1; }
if [ "$kind" = kubernetes ]; then
  echo "10,000 jobs, 1,000 files, 10 kubernetes hosts; $(ls "$out"/*/*.yaml | wc -l) manifests written"
else
  echo "10,000 jobs, 1,000 files, 10 systemd hosts; $(cat "$out"/*/units.txt | wc -l) unit files written"
fi
time_runs "cronops validate (load + check)" "$bin" validate "$repo"
time_runs "cronops generate --out-dir" "$bin" generate --out-dir "$out" --config "$repo"
time_runs "cronops generate --host host-0" "$bin" generate --out-dir "$out" --host host-0 --config "$repo"
