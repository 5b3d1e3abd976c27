#!/usr/bin/env bash
# The lint action: run each requested linter with a machine-readable output into QE_REPORT_DIR/lint-<tool>.*
# (the names a later gate job picks up with `reports/**/lint-*`), then hand
# the files to the gate (`--lint`) under the lint policy (new errors fail, new warnings warn) and publish.
# Presets: ruff, flake8, mypy, eslint, shellcheck. Or QE_COMMAND (run by bash, the user's own command, as a
# `run:` step would) whose stdout is in QE_FORMAT. Inputs arrive only through QE_* environment variables.
# Written for bash 3.2 too (macOS runners): no mapfile.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=SCRIPTDIR/common.sh
source "$here/common.sh"
mkdir -p "$QE_REPORT_DIR"
read -r -a paths <<<"${QE_PATHS:-.}"
files=()
failed=0

# run_linter NAME OUTFILE OK-CODES COMMAND...: run, keep stdout in OUTFILE, accept only the listed exit codes;
# a linter that is missing or exits otherwise could not lint: say so, mark the run failed and return 1
run_linter() {
  local name="$1" out="$2" ok="$3"
  shift 3
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "::error title=qe-actions lint::$name: '$1' is not installed (install it in a step before this action)"
    failed=1
    return 1
  fi
  echo "qe-actions lint: $*"
  "$@" >"$out"
  local code=$?
  if [[ " $ok " != *" $code "* ]]; then
    echo "::error title=qe-actions lint::$name exited $code (it could not lint; see its messages above)"
    failed=1
    return 1
  fi
}

# lint_with NAME OUTFILE OK-CODES COMMAND...: run_linter, and hand OUTFILE to the gate when the linter could lint
lint_with() { run_linter "$@" && files+=("$2"); }

shell_files() {
  git ls-files -- "${paths[@]}" | grep -E '\.(sh|bash)$' || true
}

for preset in ${QE_LINTERS//,/ }; do
  case "$preset" in
    ruff) lint_with ruff "$QE_REPORT_DIR/lint-ruff.sarif" "0" ruff check --output-format sarif --exit-zero "${paths[@]}" ;;
    flake8) lint_with flake8 "$QE_REPORT_DIR/lint-flake8.txt" "0" flake8 --exit-zero "${paths[@]}" ;;
    mypy) lint_with mypy "$QE_REPORT_DIR/lint-mypy.txt" "0 1" mypy --no-error-summary --show-column-numbers "${paths[@]}" ;;
    eslint) lint_with eslint "$QE_REPORT_DIR/lint-eslint.json" "0 1" eslint --format json "${paths[@]}" ;;
    shellcheck)
      scripts=()
      while IFS= read -r script; do scripts+=("$script"); done < <(shell_files)
      if ((${#scripts[@]} == 0)); then
        echo "qe-actions lint: shellcheck: no shell scripts under ${paths[*]}"
        echo "[]" >"$QE_REPORT_DIR/lint-shellcheck.json"
        files+=("$QE_REPORT_DIR/lint-shellcheck.json")
      else
        lint_with shellcheck "$QE_REPORT_DIR/lint-shellcheck.json" "0 1" shellcheck --format json "${scripts[@]}"
      fi
      ;;
    *) echo "::error title=qe-actions lint::unknown linter preset '$preset' (use ruff, flake8, mypy, eslint, shellcheck or command)"; failed=1 ;;
  esac
done

if [[ -n "${QE_COMMAND:-}" ]]; then
  if [[ -z "${QE_FORMAT:-}" ]]; then
    echo "::error title=qe-actions lint::command needs format (the findings format it prints, e.g. sarif, flake8, checkstyle)"
    failed=1
  else
    raw="$QE_REPORT_DIR/command.out"
    # read it in the declared format (no guessing), kept as SARIF for the gate
    if run_linter command "$raw" "0 1" bash -c "$QE_COMMAND"; then
      qe findings --input-format "$QE_FORMAT" "$raw" --format sarif --output "$QE_REPORT_DIR/lint-command.sarif" \
        >/dev/null
      if (($? == 3)); then  # 0, 1, 2 are verdicts on the findings; 3 is "could not read"
        echo "::error title=qe-actions lint::the output of command is not valid $QE_FORMAT (see the line above)"
        failed=1
      else
        files+=("$QE_REPORT_DIR/lint-command.sarif")
      fi
    fi
  fi
fi

if [[ -z "${QE_LINTERS// /}" && -z "${QE_COMMAND:-}" ]]; then
  echo "::error title=qe-actions lint::nothing to run: give linters (ruff, flake8, mypy, eslint, shellcheck) or command"
  failed=1
fi

if ((failed)); then
  output_verdict 3
  exec bash "$here/enforce.sh" 3
fi

QE_LINT="$(printf '%s\n' "${files[@]}")"
QE_CONFIG="${QE_CONFIG:-$here/lint-policy.yml}"
QE_TESTS="" QE_COVERAGE="" QE_SARIF="" QE_NO_DISCOVER=1
export QE_LINT QE_CONFIG QE_TESTS QE_COVERAGE QE_SARIF QE_NO_DISCOVER
exec bash "$here/gate.sh"
