#!/usr/bin/env bash
# The README's quick start: the whole loop on examples/acme with the local provider (no server,
# no root, nothing outside the repository is touched): validate, plan, apply to the local
# monitor, run one job that does its work and one whose rule fails, then status.
#
#   scripts/quickstart.sh            uses .build/debug/cronops (run `swift build` first)
#   CRONOPS=/usr/bin/cronops scripts/quickstart.sh
#
# The local monitor lives in examples/acme/.cronops/ (git-ignored): state.json holds the checks
# `apply` creates, runs.jsonl the pings `cronops run` records. Delete the folder to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
cronops=${CRONOPS:-.build/debug/cronops}
[ -x "$cronops" ] || { echo "quickstart: $cronops not found; run 'swift build' first" >&2; exit 1; }
repo=examples/acme

step() { printf '\n$ cronops %s\n' "$*"; "$cronops" "$@"; }

step validate "$repo"
step plan --config "$repo"
step apply --config "$repo"
step run demo-invoices --config "$repo"
# This one must fail: the job exits 0, but its JSON says it sent 1 invoice of 3.
if step run demo-invoices-tls-broken --config "$repo"; then
  echo "quickstart: the failing demo job passed its rules; something is wrong" >&2
  exit 1
fi
step status --config "$repo"
