#!/usr/bin/env bash
# One-time machine set-up for building shipgate: pg_query (Postgres' own SQL parser,
# used to read migrations) generates its bindings with bindgen, which needs libclang.
# Installs Debian/Ubuntu's libclang-dev when no libclang is found. Safe to run again.
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

if have_libclang; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "shipgate setup: libclang is missing; install your system's libclang (e.g. clang-devel) or set LIBCLANG_PATH" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "shipgate setup: installing libclang-dev (needed to build pg_query)" >&2
$SUDO apt-get install -y -q libclang-dev >/dev/null 2>&1 || {
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q libclang-dev >/dev/null
}
have_libclang
