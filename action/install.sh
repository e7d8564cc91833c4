#!/usr/bin/env bash
# The install step of the shipgate GitHub Action (action.yml): puts a `shipgate` binary
# on PATH. `version: source`, or the action used from its own repository (`uses: ./`),
# builds this checkout with cargo; otherwise the release archive for the runner is
# downloaded from the action's repository and checked against the release's SHA256SUMS.
set -euo pipefail

version="${SHIPGATE_VERSION:-latest}"
repo="${SHIPGATE_ACTION_REPOSITORY:-}"
action_path="${SHIPGATE_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
path_file="${GITHUB_PATH:-/dev/null}"

if [ "$version" = "source" ] || [ -z "$repo" ]; then
  echo "shipgate: building from source in $action_path"
  cargo build --release --locked -p shipgate --manifest-path "$action_path/Cargo.toml"
  echo "$action_path/target/release" >>"$path_file"
  exit 0
fi

case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-gnu ;;
  Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-gnu ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *)
    echo "::error title=shipgate::no shipgate release for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; use version: source"
    exit 1
    ;;
esac
case "$target" in
  *windows*) archive="shipgate-$target.zip" ;;
  *) archive="shipgate-$target.tar.gz" ;;
esac
if [ "$version" = "latest" ]; then
  base="https://github.com/$repo/releases/latest/download"
else
  base="https://github.com/$repo/releases/download/$version"
fi

dir="${RUNNER_TEMP:-$(mktemp -d)}/shipgate-bin"
mkdir -p "$dir"
cd "$dir"
curl -fsSL --retry 3 -o "$archive" "$base/$archive"
curl -fsSL --retry 3 -o SHA256SUMS "$base/SHA256SUMS"
expected="$(grep " $archive\$" SHA256SUMS | cut -d' ' -f1)"
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$archive" | cut -d' ' -f1)"
else
  actual="$(shasum -a 256 "$archive" | cut -d' ' -f1)"
fi
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
  echo "::error title=shipgate::checksum mismatch for $archive (expected ${expected:-none}, got $actual)"
  exit 1
fi
case "$archive" in
  *.zip) unzip -q -o "$archive" ;;
  *) tar -xzf "$archive" ;;
esac
echo "$dir" >>"$path_file"
"$dir/shipgate" --version
