#!/usr/bin/env bash
# Run the quality-gate action (and the root action): `qe gate` evaluates, writes the reports and publishes them
# where the `publish` input says (always adding the step outputs the action declares), in one process.
# Inputs arrive only through QE_* environment variables, never through `${{ }}` in a script.
# The verdict is enforced last, so a failing gate still reports everywhere first.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=SCRIPTDIR/common.sh
source "$here/common.sh"

json="$QE_REPORT_DIR/report.json"
markdown="$QE_REPORT_DIR/report.md"
mkdir -p "$QE_REPORT_DIR"
rm -f "$json" "$markdown"

channels="${QE_PUBLISH:-all}"
[[ "$channels" == "none" || -z "$channels" ]] && channels="outputs" || channels="$channels,outputs"
[[ "$channels" == *all* ]] && channels="all"

args=(gate --json-output "$json" --markdown-output "$markdown" --publish "$channels")
[[ -n "${QE_TESTS:-}" ]] && args+=(--tests "$QE_TESTS")
[[ -n "${QE_COVERAGE:-}" ]] && args+=(--coverage "$QE_COVERAGE")
[[ -n "${QE_FINDINGS:-}" ]] && args+=(--findings "$QE_FINDINGS")
[[ -n "${QE_SARIF:-}" ]] && args+=(--findings "$QE_SARIF")  # the input's earlier name
while IFS= read -r pattern; do
  [[ -n "$pattern" ]] && args+=(--lint "$pattern")
done <<<"${QE_LINT:-}"
[[ -n "${QE_CONFIG:-}" ]] && args+=(--config "$QE_CONFIG")
[[ -n "${QE_DIFF_BASE:-}" ]] && args+=(--diff-base "$QE_DIFF_BASE")
while IFS= read -r pattern; do
  [[ -n "$pattern" ]] && args+=(--baseline "$pattern")
done <<<"${QE_BASELINE:-}"
[[ -n "${QE_MAX_CRITICAL_VULNS:-}" ]] && args+=(--max-critical-vulns "$QE_MAX_CRITICAL_VULNS")
[[ -n "${QE_IMAGE_SIZE:-}" ]] && args+=(--image-size "$QE_IMAGE_SIZE")
[[ -n "${QE_MAX_IMAGE_SIZE_MB:-}" ]] && args+=(--max-image-size-mb "$QE_MAX_IMAGE_SIZE_MB")
[[ -n "${QE_HISTORY:-}" ]] && args+=(--history "$QE_HISTORY")
[[ "${QE_RECORD:-false}" == "true" ]] && args+=(--record)
[[ -n "${QE_MATRIX:-}" ]] && args+=(--matrix "$QE_MATRIX")
while IFS= read -r pattern; do
  [[ -n "$pattern" ]] && args+=(--perf "$pattern")
done <<<"${QE_PERF:-}"
while IFS= read -r pattern; do
  [[ -n "$pattern" ]] && args+=(--perf-baseline "$pattern")
done <<<"${QE_PERF_BASELINE:-}"
[[ -n "${QE_NO_DISCOVER:-}" ]] && args+=(--no-discover)
[[ -n "${QE_CHECK_NAME:-}" ]] && args+=(--check-name "$QE_CHECK_NAME")
[[ -n "${QE_COMMENT_MODE:-}" ]] && args+=(--comment-mode "$QE_COMMENT_MODE")
[[ -n "${QE_BUNDLE_DIR:-}" ]] && args+=(--write-bundle "$QE_BUNDLE_DIR")
[[ -n "${QE_PUBLISH_DEADLINE:-}" ]] && args+=(--publish-deadline "$QE_PUBLISH_DEADLINE")

qe "${args[@]}"
code=$?

# shellcheck source=SCRIPTDIR/badges.sh
source "$here/badges.sh"
badges_and_dashboard "$json"

# Without a report, or when qe stopped early (a usage error found after the report was written), the `outputs`
# channel may not have run: say what we know (a repeated output keeps the same value).
if [[ ! -f "$json" || "$code" != [012] ]]; then
  output_verdict "$code"
fi
if [[ ! -f "$json" ]]; then
  echo "::error title=qe-actions::the gate could not evaluate (exit $code) and wrote no report; see the lines above"
fi

exec bash "$here/enforce.sh" "$code"
