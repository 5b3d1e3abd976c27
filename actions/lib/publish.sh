#!/usr/bin/env bash
# Run `qe publish --bundle` for the publish action; the inputs arrive through QE_BUNDLE and QE_PUBLISH_DEADLINE only.
set -uo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
args=(publish --bundle "$QE_BUNDLE")
[[ -n "${QE_PUBLISH_DEADLINE:-}" ]] && args+=(--publish-deadline "$QE_PUBLISH_DEADLINE")
qe "${args[@]}"
code=$?
step_output "exit-code=$code"
exit "$code"
