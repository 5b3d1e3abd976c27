#!/usr/bin/env bash
# The docker-build action's judgement: hadolint on the Dockerfile, the image's size, the step summary (tags, digest,
# size, push), then the quality gate over Trivy's SARIF, hadolint's findings and the size (metric image_size_mb,
# against `max-size-mb`). The step result is the gate's verdict (at least warn when the scan wrote nothing),
# enforced as `fail-on` asks.
# Inputs arrive only through QE_* environment variables.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=SCRIPTDIR/common.sh
source "$here/common.sh"
dir="$QE_REPORT_DIR"
mkdir -p "$dir"
lint=""
scan_code=0
size=""

if [[ "${QE_HADOLINT:-true}" == "true" ]]; then
  if command -v hadolint >/dev/null 2>&1 && [[ -f "$QE_DOCKERFILE" ]]; then
    echo "qe-actions docker-build: hadolint -f json $QE_DOCKERFILE"
    if hadolint --no-fail -f json "$QE_DOCKERFILE" >"$dir/docker-hadolint.json"; then
      lint="$dir/docker-hadolint.json"
    else
      echo "::warning title=qe-actions docker-build::hadolint could not lint $QE_DOCKERFILE (see its message above)"
    fi
  else
    echo "::notice title=qe-actions docker-build::hadolint is not installed (or $QE_DOCKERFILE is missing): the Dockerfile was not linted"
  fi
fi

if [[ -n "${QE_IMAGE_REF:-}" ]]; then
  size="$(docker image inspect --format '{{.Size}}' "$QE_IMAGE_REF" 2>/dev/null | head -n 1 || true)"
  [[ "$size" =~ ^[0-9]+$ ]] || size=""
fi
if [[ -n "${QE_MAX_SIZE_MB:-}" && -z "$size" ]]; then
  echo "::warning title=qe-actions docker-build::the image size could not be measured (a pushed image is not in the local engine): the size budget is not evaluated"
fi
step_output "size-bytes=$size"

if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  shown=""
  while IFS= read -r tag; do
    [[ -n "$tag" ]] && shown+="\`${tag//|/\\|}\` "
  done <<<"${QE_TAGS_OUT:-}"
  {
    echo "### qe-actions docker-build"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| tags | ${shown:-none} |"
    echo "| digest | \`${QE_DIGEST:-none}\` |"
    echo "| size | ${size:-not measured}${size:+ bytes}${QE_MAX_SIZE_MB:+ (budget ${QE_MAX_SIZE_MB} MB)} |"
    echo "| push | ${QE_PUSH_REASON:-} |"
    echo
  } >>"$GITHUB_STEP_SUMMARY"
fi

findings=""
[[ "${QE_SCAN:-true}" == "true" && -f "$dir/docker-trivy.sarif" ]] && findings="$dir/docker-trivy.sarif"
if [[ "${QE_SCAN:-true}" == "true" && -z "$findings" ]]; then
  echo "::warning title=qe-actions docker-build::the scan wrote no SARIF ($dir/docker-trivy.sarif): the image was not judged"
  scan_code=2
fi

gate_code=0
if [[ -n "$findings$lint" ]]; then
  QE_FINDINGS="$findings" QE_LINT="$lint" QE_CONFIG="${QE_CONFIG:-$here/docker-policy.yml}" QE_NO_DISCOVER=1 \
    QE_TESTS="" QE_COVERAGE="" QE_SARIF="" QE_FAIL_ON=never \
    QE_MAX_CRITICAL_VULNS="${QE_MAX_CRITICAL:-}" QE_BASELINE="${QE_BASELINE:-}" \
    QE_IMAGE_SIZE="$size" QE_MAX_IMAGE_SIZE_MB="${QE_MAX_SIZE_MB:-}" bash "$here/gate.sh"
  gate_code="$(qe_python -c 'import json, sys
from qe_actions.verdict import Verdict
try:
    print(Verdict(json.load(open(sys.argv[1]))["verdict"]).exit_code)
except (OSError, ValueError, KeyError):
    print(3)' "$dir/report.json")"
fi

code="$(qe_python -c 'import sys
from qe_actions.verdict import Verdict
print(Verdict.worst([Verdict.from_exit_code(int(c)) for c in sys.argv[1:]]).exit_code)' "$gate_code" "$scan_code")"
output_verdict "$code"
exec bash "$here/enforce.sh" "$code"
