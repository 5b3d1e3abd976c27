#!/usr/bin/env bash
# The test-matrix action in plan mode: `qe matrix` over the project's pyproject.toml, the collected test ids and
# the measured durations, written as the step outputs `matrix` (for fromJSON), `shards` and `cells`.
# Inputs arrive only through QE_* environment variables.
set -uo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

fail() {
  echo "::error title=qe-actions test-matrix plan::$1"
  exit 1
}

args=(matrix --available "${QE_AVAILABLE:-3.10-3.13}" --os "${QE_OS:-ubuntu-latest}" --runner "${QE_RUNNER:-pytest}")
args+=(--max-imbalance "${QE_MAX_IMBALANCE:-1.05}")
if [[ -n "${QE_PYTHON_VERSIONS:-}" ]]; then
  args+=(--python "$QE_PYTHON_VERSIONS")
else
  args+=(--pyproject "${QE_PYPROJECT:-pyproject.toml}")
fi
[[ -n "${QE_SHARDS:-}" ]] && args+=(--shards "$QE_SHARDS")
[[ -n "${QE_TARGET_MINUTES:-}" ]] && args+=(--target-minutes "$QE_TARGET_MINUTES")
while IFS= read -r pattern; do
  [[ -n "$pattern" ]] && args+=(--durations "$pattern")
done <<<"${QE_DURATIONS:-}"
[[ -n "${QE_HISTORY:-}" ]] && args+=(--history "$QE_HISTORY")

work="$(mktemp -d "${RUNNER_TEMP:-/tmp}/qe-plan.XXXXXX")"
if [[ -n "${QE_COLLECT:-}" ]]; then
  # The user's own collection command (as a `run:` step would run it); its stdout lists the test ids.
  bash -c "$QE_COLLECT" >"$work/collected.txt" || fail "the collect command failed (exit $?); no plan was made"
  args+=(--tests "$work/collected.txt")
fi

qe "${args[@]}" --format github --output "$work/outputs" || fail "qe matrix could not plan (see the line above)"
cat "$work/outputs" >>"${GITHUB_OUTPUT:-/dev/null}"
{
  echo "### Test matrix plan"
  echo
  echo '```text'
  qe "${args[@]}" --format text 2>&1
  echo '```'
} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
rm -rf "$work"
