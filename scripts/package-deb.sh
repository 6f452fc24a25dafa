#!/usr/bin/env bash
# Builds a Debian package of the static cronops binary, with its man page and its bash, zsh
# and fish completions, all generated from the command definitions (swift-argument-parser),
# then checks it with lintian when lintian is installed.
#
#   scripts/package-deb.sh                 # writes dist/cronops_<version>_<arch>.deb
#   OUT=/tmp/pkgs scripts/package-deb.sh   # elsewhere
#
# Needs: swift, dpkg-deb, gzip; lintian for the check (apt-get install lintian).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${SCRATCH:-.build-deb}"
out="${OUT:-dist}"
read -ra static < <(scripts/release-build-flags.sh "$scratch")
swift build "${static[@]}" --product cronops >&2
binary="$(swift build "${static[@]}" --show-bin-path)/cronops"
# What hosts install must not need a Swift runtime: no libswift*/libFoundation* and no
# RUNPATH into a toolchain; nor libstdc++ or libyaml (linked statically, see
# release-build-flags.sh); nor ICU, which only the full Foundation brings (cronops links
# FoundationEssentials alone: docs/exec.md, "Cost").
if readelf -d "$binary" | grep -Eq 'NEEDED.*(libswift|libFoundation|libdispatch|libstdc|libyaml|libicu)|RUNPATH|RPATH' \
   || nm "$binary" | grep -q 'FoundationInternationalization'; then
  echo "package-deb.sh: $binary is not a static-stdlib build:" >&2
  readelf -d "$binary" | grep -E 'NEEDED|RUNPATH|RPATH' >&2
  exit 1
fi
version="$("$binary" --version)"
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) echo "package-deb.sh: no Debian architecture name known for $(uname -m)" >&2; exit 1 ;;
esac

# The manual page, from the same command definitions as --help. The plugin builds the tool
# itself; a debug build (in the default scratch directory, which the tests already built)
# describes the same commands and keeps the plugin away from the static build above.
date_of_commit="$(git log -1 --format=%cs 2>/dev/null || date -u +%F)"
swift package plugin generate-manual --configuration debug --date "$date_of_commit" >&2
manual=".build/plugins/GenerateManual/outputs/cronops/cronops.1"

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
pkg="$root/cronops_${version}_${arch}"
install -d "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/share/man/man1" "$pkg/usr/share/doc/cronops" \
  "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions" \
  "$pkg/usr/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$pkg/usr/bin/cronops"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/bin/cronops"
# mdoc has no blank lines (groff warns of each): paragraphs are .Pp already.
sed '/^[[:space:]]*$/d' "$manual" | gzip -9n > "$pkg/usr/share/man/man1/cronops.1.gz"
# bash-completion sources the file: it is not a script of its own, so no #! line.
"$binary" --generate-completion-script bash | sed '1{/^#!/d}' > "$pkg/usr/share/bash-completion/completions/cronops"
"$binary" --generate-completion-script zsh > "$pkg/usr/share/zsh/vendor-completions/_cronops"
"$binary" --generate-completion-script fish > "$pkg/usr/share/fish/vendor_completions.d/cronops.fish"
# The binary is static by design (hosts need no Swift runtime and no YAML library), and
# libyaml is linked into it from Debian's libyaml-dev: lintian is told so.
install -d "$pkg/usr/share/lintian/overrides"
cat > "$pkg/usr/share/lintian/overrides/cronops" <<OVERRIDES
# Static by design: libyaml (MIT, from libyaml-dev) is linked into the binary.
cronops: embedded-library libyaml [usr/bin/cronops]
OVERRIDES
chmod 0644 "$pkg/usr/share/lintian/overrides/cronops" "$pkg/usr/share/bash-completion/completions/cronops" "$pkg/usr/share/zsh/vendor-completions/_cronops" \
  "$pkg/usr/share/fish/vendor_completions.d/cronops.fish"

cat > "$pkg/usr/share/doc/cronops/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: cronops
Source: the cronops repository

Files: *
Copyright: 2026 the cronops authors
License: Apache-2.0
 On Debian systems, the full text of the Apache License, Version 2.0 can be
 found in the file /usr/share/common-licenses/Apache-2.0.
COPYRIGHT
{
  echo "cronops ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version; see the project's README and docs/ for what it holds."
  echo
  echo " -- cronops maintainers <maintainers@cronops.invalid>  $(date -u -R -d "$date_of_commit 12:00")"
} | gzip -9n > "$pkg/usr/share/doc/cronops/changelog.gz"

installed_kib="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: cronops
Version: $version
Architecture: $arch
Maintainer: cronops maintainers <maintainers@cronops.invalid>
Installed-Size: $installed_kib
Depends: libc6 (>= 2.36)
Recommends: libcurl4
Section: admin
Priority: optional
Homepage: https://cronops.invalid/
Description: Git-ops compiler for scheduled jobs and their monitors
 One YAML record per job drives how the job runs (a crontab line that calls
 the cronops exec wrapper) and how it is watched (a Healthchecks check with
 the same schedule, zone and grace). The wrapper checks that the job did its
 work (exit code, JSON output rules, patterns, duration) and pings the
 monitor, so a job that exits 0 but did nothing cannot fail silently.
 .
 libcurl4 is loaded only for https:// pings and the monitor's API.
CONTROL
(cd "$pkg" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/cronops_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >&2
if command -v lintian >/dev/null 2>&1; then
  # Errors fail the build; warnings are printed for a person to read.
  lintian --fail-on error --tag-display-limit 0 "$deb" >&2
else
  echo "package-deb.sh: lintian is not installed; the package was not checked" >&2
fi
echo "$deb"
