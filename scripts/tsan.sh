#!/usr/bin/env bash
# Runs the test suite under ThreadSanitizer and fails on any report, whether it comes from the
# test process or from a `cronops` binary a test started (the TSan build of it: the harness
# passes TSAN_OPTIONS on). Arguments go to `swift test` (default: --no-parallel), e.g.
#   scripts/tsan.sh --filter ConcurrencyTests
# Builds into .build-tsan, beside the normal .build.
set -euo pipefail
cd "$(dirname "$0")/.."

logs=$(mktemp -d "${TMPDIR:-/tmp}/cronops-tsan.XXXXXX")
swift build --build-tests --sanitize=thread --scratch-path .build-tsan

[ $# -gt 0 ] || set -- --no-parallel
status=0
TSAN_OPTIONS="log_path=$logs/report${TSAN_OPTIONS:+ $TSAN_OPTIONS}" \
  swift test --skip-build --sanitize=thread --scratch-path .build-tsan "$@" || status=$?

reports=$(cat "$logs"/report.* 2>/dev/null | grep -c '^WARNING: ThreadSanitizer' || true)
if [ "$reports" -gt 0 ]; then
  echo "tsan.sh: $reports ThreadSanitizer report(s), kept in $logs:" >&2
  cat "$logs"/report.* >&2
  exit 1
fi
rm -rf "$logs"
if [ "$status" -ne 0 ]; then
  echo "tsan.sh: no ThreadSanitizer reports, but the tests failed (status $status)" >&2
  exit "$status"
fi
echo "tsan.sh: tests passed, 0 ThreadSanitizer reports"
