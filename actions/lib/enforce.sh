#!/usr/bin/env bash
# Turn a qe exit code into the step result the `fail-on` input asks for (QE_FAIL_ON: fail | warn | never).
# The rule lives in `qe_actions.verdict` (exit 0: the step passes, 1: it fails, 3: bad fail-on); this only calls it.
set -uo pipefail
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
enforce "${1:-}"
