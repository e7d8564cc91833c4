#!/usr/bin/env bash
# The hostile-tree suite and the fuzz properties at the sizes from issue 16 (50k routes, 48k public_routes
# patterns, 500k-term SQL, 900k-deep expressions), with a release build. CI runs the same
# suite at small sizes; this prints how long the full run takes.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
SHIPGATE_HOSTILE_FULL=1 cargo test --release --locked -p shipgate --test hostile -- --test-threads=1
# The parsers and extractors under 20,000 random inputs each.
SHIPGATE_HOSTILE_FULL=1 cargo test --release --locked -p shipgate_extract --test fuzz
echo "hostile suite at full size: $(( $(date +%s) - start )) s (build included)"
