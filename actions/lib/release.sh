#!/usr/bin/env bash
# Run `qe release next` and `qe release publish` for the release action; the inputs arrive through QE_DRY_RUN,
# QE_MAJOR_TAG and QE_DRAFT only. `qe release publish` writes the released/version/tag/url outputs itself.
set -uo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

next=$(qe release next --format json | qe_python -c 'import json, sys; print(json.load(sys.stdin)["next"] or "")')
code=$?
[[ $code -eq 0 ]] || exit "$code"
step_output "next=$next"

args=(release publish)
case "${QE_DRY_RUN:-false}" in
  true) args+=(--dry-run) ;;
  false | "") ;;
  *) echo "::error title=qe-actions release::dry-run must be true or false, not '${QE_DRY_RUN}'"; exit 3 ;;
esac
case "${QE_MAJOR_TAG:-}" in
  true) args+=(--major-tag) ;;
  false) args+=(--no-major-tag) ;;
  "") ;;
  *) echo "::error title=qe-actions release::major-tag must be true, false or empty, not '${QE_MAJOR_TAG}'"; exit 3 ;;
esac
[[ "${QE_DRAFT:-false}" == true ]] && args+=(--draft)
if [[ "${QE_DRY_RUN:-false}" == true ]]; then
  step_output "released=false"
fi
qe "${args[@]}"
