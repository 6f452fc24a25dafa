#!/usr/bin/env bash
# Runs one libFuzzer harness of fuzz/ on its committed seed corpus.
#
#   scripts/fuzz.sh list                         the targets, one per line, with what they cover
#   scripts/fuzz.sh TARGET SECONDS [ARGS...]     build (if needed) and fuzz TARGET for SECONDS;
#                                                ARGS go to libFuzzer (e.g. -runs=1000000)
#   scripts/fuzz.sh build [TARGET]               only build (all targets, or one)
#
# New inputs the fuzzer finds go to .build-fuzz/runs/TARGET/corpus (never into the committed
# corpus), crashing inputs to .build-fuzz/runs/TARGET/artifacts. Exits non-zero on a crash,
# leak or timeout (libFuzzer's own exit status). Environment: FUZZ_NO_BUILD=1 skips the build,
# FUZZ_WORK=DIR puts the run's files in DIR instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
scratch="$root/.build-fuzz"

# target|product|what it covers
targets='jobfile|FuzzJobFile|one job file: UTF-8 check, YAML composer, job reader, checker, lints, diagnostics rendering
schedule|FuzzSchedule|schedule parser, description, next runs in UTC and DST zones
rules|FuzzRules|rule expression (first line) parsed and evaluated on the JSON document chosen from stdout (the rest)
json|FuzzJSON|JSON parser, and print/parse round trip
tzif|FuzzTZif|TZif reader (ZoneRules) and zone lookups, transitions, next runs
merge|FuzzMerge|crontab --merge block parser and replacer, idempotence
checklist|FuzzCheckList|Healthchecks GET checks/ decoder (scanner, JSONDecoder fallback), scanner vs JSONDecoder
runlog|FuzzRunLog|local run log reader, Healthchecks state replay, compaction keeps every observation'

product_of() { printf '%s\n' "$targets" | awk -F'|' -v t="$1" '$1 == t { print $2 }'; }

build() {
    local args=()
    [ $# -gt 0 ] && args=(--product "$1")
    # libFuzzer's instrumentation and AddressSanitizer (with LeakSanitizer) in the Swift code
    # (-parse-as-library: the harnesses' main.swift only declares; libFuzzer supplies main)
    # and in our C code. libyaml comes built from Debian's libyaml-dev: coverage guides the
    # fuzzer through the composer that drives it, not through libyaml's own branches.
    # lld: gold prints hundreds of warnings about ASan's local symbols.
    mkdir -p "$scratch"
    # SwiftPM does not notice a file added to cronops (a path dependency here) and then fails
    # with "cannot find X in scope": make the build plan anew each time (a second).
    rm -f "$scratch/debug.yaml" "$scratch"/*/debug/description.json
    if ! swift build -c debug --package-path "$root/fuzz/harness" --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld \
        -Xcc -fsanitize=fuzzer-no-link,address \
        "${args[@]}" >"$scratch/build.log" 2>&1; then
        grep -E 'error|warning: .*\.swift' "$scratch/build.log" >&2 || tail -40 "$scratch/build.log" >&2
        echo "fuzz build failed (full log: $scratch/build.log)" >&2
        exit 2
    fi
}

case "${1:-}" in
list)
    printf '%s\n' "$targets" | awk -F'|' '{ printf "%-10s %s\n", $1, $3 }'
    exit 0
    ;;
build)
    if [ $# -gt 1 ]; then
        product=$(product_of "$2")
        [ -n "$product" ] || { echo "unknown target '$2'; see scripts/fuzz.sh list" >&2; exit 2; }
        build "$product"
    else
        build
    fi
    exit 0
    ;;
""|-h|--help)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac

target=$1
seconds=${2:-}
product=$(product_of "$target")
[ -n "$product" ] || { echo "unknown target '$target'; see scripts/fuzz.sh list" >&2; exit 2; }
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer args...]" >&2; exit 2; }
shift 2

[ "${FUZZ_NO_BUILD:-}" = 1 ] || build "$product"
binary="$scratch/debug/$product"
[ -x "$binary" ] || { echo "no binary at $binary; run scripts/fuzz.sh build $target" >&2; exit 2; }

work=${FUZZ_WORK:-"$scratch/runs/$target"}
mkdir -p "$work/corpus" "$work/artifacts"
seeds="$root/fuzz/corpus/$target"
dict=()
[ -f "$root/fuzz/dict/$target.dict" ] && dict=(-dict="$root/fuzz/dict/$target.dict")

log="$work/fuzz.log"
# The Swift runtime's own crash backtracer reads the crashed process's memory, which
# AddressSanitizer reports as a second error (and it can hang); libFuzzer prints the stack.
export SWIFT_BACKTRACE=enable=no
# The first corpus directory receives new inputs; the committed seeds are only read.
set +e
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "${dict[@]}" "$@" "$work/corpus" "$seeds" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

execs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)
rate=$(awk '/stat::average_exec_per_sec:/ { print $2 }' "$log" | tail -1)
echo "fuzz $target: ${execs:-?} executions, ${rate:-?} exec/s, exit status $status (log: $log)"
exit "$status"
