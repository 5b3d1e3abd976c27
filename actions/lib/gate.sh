#!/usr/bin/env bash
# Run `qe gate` for the quality-gate action (and the root action) from the QE_* variables its step sets.
# Inputs arrive only through the environment, never through `${{ }}` in the script (no template injection).
# The verdict is enforced after the report, outputs and publishing are done, so a failing gate still reports.
set -uo pipefail

args=(gate --json-output "$QE_REPORT_DIR/report.json" --markdown-output "$QE_REPORT_DIR/report.md")
[[ -n "${QE_TESTS:-}" ]] && args+=(--tests "$QE_TESTS")
[[ -n "${QE_COVERAGE:-}" ]] && args+=(--coverage "$QE_COVERAGE")
[[ -n "${QE_SARIF:-}" ]] && args+=(--sarif "$QE_SARIF")
[[ -n "${QE_LINT:-}" ]] && args+=(--lint "$QE_LINT")
[[ -n "${QE_CONFIG:-}" ]] && args+=(--config "$QE_CONFIG")
[[ -n "${QE_DIFF_BASE:-}" ]] && args+=(--diff-base "$QE_DIFF_BASE")
[[ -n "${QE_PUBLISH:-}" && "${QE_PUBLISH}" != "none" ]] && args+=(--publish "$QE_PUBLISH")

mkdir -p "$QE_REPORT_DIR"
PYTHONPATH="$QE_PYTHONPATH" "$QE_PYTHON" -m qe_actions "${args[@]}"
code=$?

# outputs the gate does not write itself: the report paths and the exit code
case "$code" in 0) verdict=pass ;; 1) verdict=fail ;; 2) verdict=warn ;; *) verdict=error ;; esac
{
  echo "verdict=$verdict"
  echo "exit-code=$code"
  echo "report-json=$QE_REPORT_DIR/report.json"
  echo "report-markdown=$QE_REPORT_DIR/report.md"
} >>"${GITHUB_OUTPUT:-/dev/null}"

exec bash "$(dirname "${BASH_SOURCE[0]}")/enforce.sh" "$code"
