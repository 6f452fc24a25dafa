#!/usr/bin/env bash
# Prints the `swift build` flags of the binary cronops ships (scripts/package-deb.sh) and times
# (bench/exec/run.sh), so both build the same thing:
#
#   read -ra flags < <(scripts/release-build-flags.sh .build-deb)
#   swift build "${flags[@]}" --product cronops
#
# - the Swift runtime and Foundation linked statically (hosts need no Swift toolchain);
# - libstdc++ linked statically too. The binary calls some 45 of its functions (the Swift
#   runtime and ICU are C++), but loading libstdc++.so.6 makes the dynamic loader bind about
#   1,700 of its own symbols at every start: 1.7 of the 5.4 million instructions of
#   `cronops exec JOB -- true` (callgrind). Swift's driver asks for `-lstdc++`; a directory
#   that holds only libstdc++.a, searched before GCC's own, makes the linker take the archive.
#   The search path reaches the link through a SwiftPM toolset (`-Xswiftc` does not reach it).
#   GCC's runtime library exception covers linking it into any program.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${1:?usage: release-build-flags.sh SCRATCH_PATH}"
flags=(-c release --static-swift-stdlib --disable-local-rpath --scratch-path "$scratch")
archive="$(gcc -print-file-name=libstdc++.a 2>/dev/null || true)"
if [ -f "$archive" ]; then
  dir="$PWD/$scratch/static-libstdc++"
  mkdir -p "$dir"
  ln -sf "$archive" "$dir/libstdc++.a"
  printf '{ "schemaVersion": "1.0", "swiftCompiler": { "extraCLIOptions": ["-L", "%s"] } }\n' "$dir" > "$dir/toolset.json"
  flags+=(--toolset "$dir/toolset.json")
else
  echo "release-build-flags.sh: no libstdc++.a (apt-get install libstdc++-12-dev); libstdc++ stays a shared library" >&2
fi
echo "${flags[@]}"
