#!/usr/bin/env bash
# Times `cronops validate` on a synthetic repository of 10,000 jobs in 1,000 files against the
# libyaml floor (a C program that only parses the same files), and reports peak memory.
# Needs: gcc, libyaml-dev, hyperfine, python3 (apt-get install -y libyaml-dev hyperfine).
# usage: bench/validate/run.sh [JOBS] [FILES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jobs=${1:-10000}
files=${2:-1000}
out="$root/bench/out/validate-$jobs-$files"

rm -rf "$out" && python3 "$here/generate.py" "$out" --jobs "$jobs" --files "$files"
cc -O2 "$here/libyaml_floor.c" -lyaml -o "$root/bench/out/libyaml_floor"
(cd "$root" && swift build -c release --product cronops >/dev/null)
cronops="$root/.build/release/cronops"

"$cronops" validate --quiet "$out"   # must be valid (exit 0) before timing means anything
"$root/bench/out/libyaml_floor" "$out"

hyperfine --warmup 3 --runs 15 --export-json "$root/bench/out/validate.json" \
  -n "libyaml floor" "$root/bench/out/libyaml_floor $out" \
  -n "cronops validate" "$cronops validate --quiet $out"

for name in floor cronops; do
  if [ $name = floor ]; then cmd=("$root/bench/out/libyaml_floor" "$out"); else cmd=("$cronops" validate --quiet "$out"); fi
  /usr/bin/time -f "$name peak RSS: %M KiB, wall %e s" "${cmd[@]}" >/dev/null
done
python3 - "$root/bench/out/validate.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
floor, ours = r["libyaml floor"]["median"], r["cronops validate"]["median"]
print(f"median: floor {floor*1000:.1f} ms, cronops validate {ours*1000:.1f} ms, ratio {ours/floor:.2f}x (target <= 3x and < 1 s)")
PY
