#!/usr/bin/env bash
# Wall time and peak memory of `cronops validate` on hostile input: a billion-laughs alias
# bomb, 10,000-deep nesting, and a 100 MB job file. Each must be refused with a located error
# in well under a second, with memory that does not grow with the attack.
# usage: bench/hostile/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out/hostile"
rm -rf "$out" && mkdir -p "$out"
(cd "$root" && swift build -c release --product cronops >/dev/null)
cronops="$root/.build/release/cronops"

make_repo() { mkdir -p "$out/$1/jobs" && printf 'version: 1\nproject: p\n' > "$out/$1/cronops.yaml"; }

make_repo alias-bomb
python3 - "$out/alias-bomb/jobs/a.yaml" <<'PY'
import sys
names = "abcdefghij"
lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, len(names)):
    lines.append(f"{names[i]}: &{names[i]} [" + ",".join(f"*{names[i-1]}" for _ in range(9)) + "]")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
make_repo deep-nesting
python3 -c "import sys; open(sys.argv[1],'w').write('jobs: ' + '['*10000 + ']'*10000 + '\n')" "$out/deep-nesting/jobs/a.yaml"
make_repo huge-file
truncate -s 100M "$out/huge-file/jobs/a.yaml"
make_repo big-valid-file
python3 -c "
import sys
with open(sys.argv[1],'w') as f:
    f.write('jobs:\n')
    i = 0
    while f.tell() < 7 * 1024 * 1024:
        f.write(f'  job-{i}:\n    command: /bin/true\n    schedule: \"* * * * *\"\n    hosts: []\n'); i += 1
" "$out/big-valid-file/jobs/a.yaml"

printf '%-20s %-8s %-10s %-12s %s\n' case exit wall peakRSS first-diagnostic
for c in alias-bomb deep-nesting huge-file big-valid-file; do
  set +e
  /usr/bin/time -o "$out/$c.time" -f "%e %M" "$cronops" validate --quiet "$out/$c" 2> "$out/$c.err" >/dev/null
  status=$?
  set -e
  read -r wall rss < <(tail -1 "$out/$c.time")
  first=$(grep -m1 -o 'error\[E[0-9]*\]: .\{0,60\}' "$out/$c.err" || true)
  printf '%-20s %-8s %-10s %-12s %s\n' "$c" "$status" "${wall}s" "${rss}KiB" "$first"
done
