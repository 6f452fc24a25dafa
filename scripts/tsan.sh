#!/usr/bin/env bash
# Runs the test suite under ThreadSanitizer and fails on any report, whether it comes from the
# test process or from a `cronops` binary a test started (the TSan build of it: the harness
# passes TSAN_OPTIONS on). Arguments go to `swift test`, e.g.
#   scripts/tsan.sh                          one test at a time
#   scripts/tsan.sh --parallel               suites in parallel, as the README's test command runs them
#   scripts/tsan.sh --filter ConcurrencyTests
# Without --parallel the tests run one at a time (--no-parallel is added): `swift test` alone
# would run Swift Testing suites in parallel, so a filtered run would silently change mode.
# Builds into .build-tsan, beside the normal .build.
set -euo pipefail
cd "$(dirname "$0")/.."

logs=$(mktemp -d "${TMPDIR:-/tmp}/cronops-tsan.XXXXXX")
swift build --build-tests --sanitize=thread --scratch-path .build-tsan

case " $* " in
  *" --parallel "* | *" --no-parallel "*) ;;
  *) set -- --no-parallel "$@" ;;
esac
status=0
TSAN_OPTIONS="log_path=$logs/report${TSAN_OPTIONS:+ $TSAN_OPTIONS}" \
  swift test --skip-build --sanitize=thread --scratch-path .build-tsan "$@" || status=$?

# One log per process (report.<pid>). What fails the run: a race and the like ("WARNING:
# ThreadSanitizer: ..."), and a crash or failure of the sanitizer itself ("==pid==ERROR:
# ThreadSanitizer: SEGV ...", "FATAL: ThreadSanitizer ...", "ThreadSanitizer: CHECK failed"),
# which in a child `cronops` may not fail the test that started it. Not what more verbose
# TSAN_OPTIONS add to the logs.
reports=$(cat "$logs"/report.* 2>/dev/null |
  grep -cE '(WARNING|ERROR|FATAL): ThreadSanitizer|ThreadSanitizer: CHECK failed|ThreadSanitizer:DEADLYSIGNAL' || true)
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
