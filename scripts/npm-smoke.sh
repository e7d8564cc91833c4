#!/usr/bin/env bash
# Proves `npx shipgate` works from the npm packages: builds the Linux x64 platform
# package and the launcher from a local binary, packs both with `npm pack`, installs the
# tarballs into a scratch project (no registry needed for them), and runs
# `npx shipgate audit` on the example app, which must report NOT READY and exit 1.
#   scripts/npm-smoke.sh [BINARY]     (default: target/release/shipgate)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/shipgate}"
if [ ! -x "$bin" ]; then
  echo "npm-smoke: no binary at $bin (cargo build --release first)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Release archives hold a stripped binary (profile.dist); strip a copy the same way, which
# also keeps a debug build small enough to pack quickly.
if command -v strip >/dev/null 2>&1; then
  cp "$bin" "$work/shipgate"
  strip "$work/shipgate"
  bin="$work/shipgate"
fi

"$root/scripts/npm-package.sh" "$bin" x86_64-unknown-linux-gnu "$work/pkgs" >/dev/null
(cd "$work/pkgs/cli-linux-x64" && npm pack --silent --pack-destination "$work" >/dev/null)
(cd "$work/pkgs/shipgate" && npm pack --silent --pack-destination "$work" >/dev/null)
platform_tgz="$(ls "$work"/shipgate-cli-linux-x64-*.tgz)"
launcher_tgz="$(ls "$work"/shipgate-[0-9]*.tgz)"

mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
# The other platforms' packages are optional: their absence must not stop the install.
npm install --no-audit --no-fund --silent --omit=optional "$platform_tgz" "$launcher_tgz" >/dev/null

version="$(npx --no-install shipgate --version)"
echo "npm-smoke: $version"
set +e
report="$(npx --no-install shipgate audit "$root/examples/acme-crm" 2>&1)"
code=$?
set -e
if [ "$code" -ne 1 ] || ! grep -q "NOT READY" <<<"$report"; then
  echo "npm-smoke: expected NOT READY and exit 1 from npx shipgate audit, got exit $code:" >&2
  head -n 20 <<<"$report" >&2
  exit 1
fi
echo "npm-smoke: npx shipgate audit examples/acme-crm -> exit $code, $(grep -m1 -o 'NOT READY[^|]*' <<<"$report" | head -n 1)"
