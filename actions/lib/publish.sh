#!/usr/bin/env bash
# Run `qe publish --bundle` for the publish action; the bundle directory arrives through QE_BUNDLE only.
set -uo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
qe publish --bundle "$QE_BUNDLE"
code=$?
step_output "exit-code=$code"
exit "$code"
