#!/usr/bin/env bash
# The audit step of the shipgate GitHub Action (action.yml). Reads its inputs from
# INPUT_* variables, writes a short summary to $GITHUB_STEP_SUMMARY, prints annotations
# (workflow commands) to the log, optionally writes SARIF, and records the verdict,
# score and exit code in $GITHUB_OUTPUT. It never fails itself: the action's last step
# exits with the recorded code, after SARIF is uploaded. SHIPGATE_BIN overrides which
# binary runs (the install step puts `shipgate` on PATH).
set -uo pipefail

bin="${SHIPGATE_BIN:-shipgate}"
path="${INPUT_PATH:-.}"
fail_on="${INPUT_FAIL_ON:-critical}"
args=(audit "$path")
if [ -n "${INPUT_CONFIG:-}" ]; then
  args+=(--config "$INPUT_CONFIG")
fi
if [ -n "${INPUT_BASELINE:-}" ]; then
  args+=(--baseline "$INPUT_BASELINE")
fi
if [ -n "${INPUT_BASELINE_REF:-}" ]; then
  args+=(--baseline-ref "$INPUT_BASELINE_REF")
fi

out="${GITHUB_OUTPUT:-/dev/null}"
summary_file="${GITHUB_STEP_SUMMARY:-/dev/null}"

# The summary and the machine-readable facts come from one JSON run.
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
"$bin" "${args[@]}" --format json --fail-on none --output "$json" 2>/dev/null
code=$?
if [ "$code" -ne 0 ]; then
  # A usage or input error: say it once, in the log and on the job page.
  message="$("$bin" "${args[@]}" --format json --fail-on none 2>&1 >/dev/null | head -n 1)"
  echo "::error title=shipgate::${message:-shipgate exited with $code}"
  printf '## shipgate could not run\n\n%s\n' "${message:-exit code $code}" >>"$summary_file"
  echo "exit-code=2" >>"$out"
  exit 0
fi
verdict="$(sed -n 's/.*"verdict": *"\([a-z-]*\)".*/\1/p' "$json" | head -n 1)"
score="$(sed -n 's/.*"score": *\([0-9]*\).*/\1/p' "$json" | head -n 1)"

"$bin" "${args[@]}" --format summary --fail-on none >>"$summary_file"

sarif_written=false
if [ -n "${INPUT_SARIF:-}" ]; then
  if "$bin" "${args[@]}" --format sarif --fail-on none --output "$INPUT_SARIF" 2>/dev/null; then
    sarif_written=true
  fi
fi

# Annotations; this run's exit code is the gate.
"$bin" "${args[@]}" --format github --fail-on "$fail_on"
code=$?

{
  echo "verdict=$verdict"
  echo "score=$score"
  echo "exit-code=$code"
  echo "sarif-written=$sarif_written"
} >>"$out"
exit 0
