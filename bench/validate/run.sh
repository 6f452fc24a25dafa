#!/usr/bin/env bash
# Times `cronops validate` on a synthetic repository of 10,000 jobs in 1,000 files against the
# libyaml floor (a C program that only parses the same files), and reports peak memory.
# Needs: gcc, libyaml-dev, python3 (apt-get install -y libyaml-dev).
# usage: bench/validate/run.sh [JOBS] [FILES] [ROUNDS]
#
# The binary is the one the Debian package ships (scripts/release-build-flags.sh: static Swift
# runtime, libstdc++ and libyaml); a plain `swift build -c release` is timed too. The machines we run on are
# shared and their speed drifts by a third within a minute, so the commands are interleaved:
# every round runs each once, in a shuffled order, and the ratio is taken between medians.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jobs=${1:-10000}
files=${2:-1000}
rounds=${3:-40}
out="$root/bench/out/validate-$jobs-$files"

rm -rf "$out" && python3 "$here/generate.py" "$out" --jobs "$jobs" --files "$files"
cc -O2 "$here/libyaml_floor.c" -lyaml -o "$root/bench/out/libyaml_floor"
cd "$root"
read -ra release < <(scripts/release-build-flags.sh "${STATIC_SCRATCH:-.build-static}")
swift build "${release[@]}" --product cronops >/dev/null
static="$(swift build "${release[@]}" --show-bin-path)/cronops"
swift build -c release --product cronops >/dev/null
shared="$(swift build -c release --show-bin-path)/cronops"
floor="$root/bench/out/libyaml_floor"

"$static" validate --quiet "$out"   # must be valid (exit 0) before timing means anything
"$floor" "$out"

for name in floor static; do
  if [ $name = floor ]; then cmd=("$floor" "$out"); else cmd=("$static" validate --quiet "$out"); fi
  /usr/bin/time -f "$name peak RSS: %M KiB, wall %e s" "${cmd[@]}" >/dev/null
done
python3 "$here/interleave.py" "$rounds" \
  "libyaml floor=$floor $out" \
  "cronops validate (static)=$static validate --quiet $out" \
  "cronops validate (shared libraries)=$shared validate --quiet $out"
