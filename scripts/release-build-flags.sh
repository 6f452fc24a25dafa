#!/usr/bin/env bash
# Prints the `swift build` flags of the binary cronops ships (scripts/package-deb.sh) and times
# (bench/exec/run.sh), so both build the same thing:
#
#   read -ra flags < <(scripts/release-build-flags.sh .build-deb)
#   swift build "${flags[@]}" --product cronops
#
# - the Swift runtime and FoundationEssentials linked statically (hosts need no Swift toolchain);
# - libstdc++ linked statically too. The binary calls a few dozen of its functions (the Swift
#   runtime is C++), but loading libstdc++.so.6 makes the dynamic loader bind about 1,700 of
#   its own symbols at every start: 1.7 of the 5.4 million instructions of
#   `cronops exec JOB -- true` (callgrind). GCC's runtime library exception covers linking it
#   into any program;
# - libyaml (Debian's libyaml-dev, MIT) linked statically, so hosts need no YAML library.
# - concrete type metadata reached through its accessor function, not a mangled name: the
#   runtime demangles such a name on first use and, for a generic type such as
#   `Set<HostKind>`, finds each of its conformances by scanning every conformance record of
#   the binary (some 4,000). 4.2 of the 15.2 million instructions of `validate` (5 jobs), 0.2
#   of 2.0 million of `cronops exec JOB -- true` (callgrind). The code is a little larger.
# Swift's driver asks for `-lstdc++` and the CLibYAML module for `-lyaml`; a directory that
# holds only the two archives, searched before the system's, makes the linker take them. The
# search path reaches the link through a SwiftPM toolset (`-Xswiftc` does not reach it).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${1:?usage: release-build-flags.sh SCRATCH_PATH}"
flags=(-c release --static-swift-stdlib --disable-local-rpath --scratch-path "$scratch"
  -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors)
archive="$(gcc -print-file-name=libstdc++.a 2>/dev/null || true)"
yaml="$(gcc -print-file-name=libyaml.a 2>/dev/null || true)"
if [ ! -f "$yaml" ]; then
  echo "release-build-flags.sh: no libyaml.a (apt-get install libyaml-dev)" >&2
  exit 1
fi
if [ -f "$archive" ]; then
  dir="$PWD/$scratch/static-libstdc++"
  mkdir -p "$dir"
  ln -sf "$archive" "$dir/libstdc++.a"
  ln -sf "$yaml" "$dir/libyaml.a"
  printf '{ "schemaVersion": "1.0", "swiftCompiler": { "extraCLIOptions": ["-L", "%s"] } }\n' "$dir" > "$dir/toolset.json"
  flags+=(--toolset "$dir/toolset.json")
else
  echo "release-build-flags.sh: no libstdc++.a (apt-get install libstdc++-12-dev); libstdc++ stays a shared library" >&2
fi
echo "${flags[@]}"
