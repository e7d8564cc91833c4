#!/usr/bin/env bash
# Builds the npm packages for one platform from a shipgate binary:
#   scripts/npm-package.sh BINARY TARGET OUTDIR
# TARGET is a Rust target triple (x86_64-unknown-linux-gnu, aarch64-apple-darwin, ...).
# Writes OUTDIR/cli-<os>-<cpu>/ (the platform package @shipgate/cli-<os>-<cpu>, holding
# the binary) and OUTDIR/shipgate/ (the launcher package), both at the version in
# Cargo.toml. `npm pack` or `npm publish` either directory.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: scripts/npm-package.sh BINARY TARGET OUTDIR" >&2
  exit 2
fi
bin="$1"
target="$2"
out="$3"
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)"

case "$target" in
  x86_64-unknown-linux-*) os=linux cpu=x64 ;;
  aarch64-unknown-linux-*) os=linux cpu=arm64 ;;
  x86_64-apple-darwin) os=darwin cpu=x64 ;;
  aarch64-apple-darwin) os=darwin cpu=arm64 ;;
  x86_64-pc-windows-*) os=win32 cpu=x64 ;;
  *)
    echo "npm-package: no npm platform for target $target" >&2
    exit 2
    ;;
esac
exe=shipgate
if [ "$os" = win32 ]; then
  exe=shipgate.exe
fi

pkg="$out/cli-$os-$cpu"
rm -rf "$pkg" "$out/shipgate"
mkdir -p "$pkg/bin"
cp "$bin" "$pkg/bin/$exe"
chmod +x "$pkg/bin/$exe"
cat >"$pkg/package.json" <<JSON
{
  "name": "@shipgate/cli-$os-$cpu",
  "version": "$version",
  "description": "The shipgate binary for $os $cpu",
  "license": "MIT",
  "os": ["$os"],
  "cpu": ["$cpu"],
  "files": ["bin/$exe"],
  "preferUnplugged": true
}
JSON

cp -R "$root/npm/shipgate" "$out/shipgate"
# The launcher asks for the platform packages of its own version.
sed -i.bak -E "s/(\"@shipgate\/cli-[a-z0-9-]+\": )\"[^\"]*\"/\1\"$version\"/; s/^  \"version\": \"[^\"]*\"/  \"version\": \"$version\"/" "$out/shipgate/package.json"
rm -f "$out/shipgate/package.json.bak"
echo "$pkg"
echo "$out/shipgate"
