#!/usr/bin/env bash
# The test-matrix action: run the cell's test command (QE_COMMAND, the user's own command, as a `run:` step
# would), then summarise its JUnit reports with `qe tests` into the job summary and the step outputs.
# Never fails the step itself: the upload comes next, and enforce.sh decides last.
set -uo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ -z "${QE_CELL:-}" || -z "${QE_COMMAND:-}" ]]; then
  echo "::error title=qe-actions test-matrix::the command and cell inputs are required"
  output_verdict 3
  exit 0
fi
# The command writes into <report-dir>/<cell>/ and <report-dir> is uploaded, so when the gate job merges every
# cell's artifact into one directory, the cells' same-named files (junit.xml) do not overwrite each other.
# A report left by an earlier run of this cell (a reused self-hosted workspace) must not count again.
upload_root="$QE_REPORT_DIR"
rm -rf "${QE_REPORT_DIR:?}/${QE_CELL:?}"
mkdir -p "$QE_REPORT_DIR/$QE_CELL"
QE_REPORT_DIR="$(cd "$QE_REPORT_DIR/$QE_CELL" && pwd)"
export QE_REPORT_DIR
step_output "artifact=${QE_ARTIFACT_PREFIX}${QE_CELL}" "report-path=$upload_root"

# A planned shard: its selection for the command, as a file (`@file` for pytest) and as words. A plan that
# cannot be read stops here: running the whole suite instead would count every test in every shard.
if [[ -n "${QE_PLAN:-}" && -z "${QE_SHARD:-}" ]]; then
  echo "::error title=qe-actions test-matrix::a plan was given without the cell's shard (set the shard input from matrix.shard)"
  output_verdict 3
  exit 0
fi
if [[ -n "${QE_PLAN:-}" ]]; then
  shard_dir="$(mktemp -d "${RUNNER_TEMP:-/tmp}/qe-shard.XXXXXX")"
  plan_file="$QE_PLAN"
  if [[ "$QE_PLAN" == "{"* ]]; then
    plan_file="$shard_dir/plan.json"
    printf '%s' "$QE_PLAN" >"$plan_file"
  fi
  QE_SHARD_FILE="$shard_dir/shard-$QE_SHARD.txt"
  if ! qe matrix --select-shard "$QE_SHARD" --plan "$plan_file" --shard-file "$QE_SHARD_FILE" \
    --output "$shard_dir/args.txt"; then
    echo "::error title=qe-actions test-matrix::cannot select shard $QE_SHARD from the plan"
    output_verdict 3
    exit 0
  fi
  QE_SHARD_ARGS="$(cat "$shard_dir/args.txt")"
  export QE_SHARD_FILE QE_SHARD_ARGS
  echo "qe-actions: shard $QE_SHARD: $(grep -c . "$QE_SHARD_FILE") test selection line(s) in $QE_SHARD_FILE"
fi

bash -c "$QE_COMMAND"
command_code=$?
step_output "command-exit-code=$command_code"

summary="$QE_REPORT_DIR/.qe-tests.md"
qe tests "$QE_REPORT_DIR/**/*.xml" --format markdown --output "$summary"
code=$?
if [[ -f "$summary" ]]; then
  { echo "### Tests: $QE_CELL"; echo; cat "$summary"; } >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
  rm -f "$summary"
fi
qe tests "$QE_REPORT_DIR/**/*.xml" --format json --output "$QE_REPORT_DIR/.qe-tests.json" 2>/dev/null
"$QE_PYTHON" - "$QE_REPORT_DIR/.qe-tests.json" >>"${GITHUB_OUTPUT:-/dev/null}" <<'PY'
import json, sys
try:
    totals = json.load(open(sys.argv[1], encoding="utf-8"))["totals"]
except (OSError, ValueError, KeyError, TypeError):
    sys.exit(0)
print(f"tests={totals.get('tests', '')}")
print(f"tests-failed={int(totals.get('failed', 0)) + int(totals.get('errors', 0))}")
PY
rm -f "$QE_REPORT_DIR/.qe-tests.json"

output_verdict "$code"
