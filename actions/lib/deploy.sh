#!/usr/bin/env bash
# The deploy action: `qe deploy` with the inputs (they arrive only through QE_* environment variables). qe's exit
# code is the step's: 0 deployed and healthy, 1 refused or failed (rolled back or not), 3 bad input or API error.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=SCRIPTDIR/common.sh
source "$here/common.sh"
args=(deploy --environment "$QE_ENVIRONMENT" --deploy-command "$QE_DEPLOY_COMMAND" --github-output
  --expect-status "${QE_EXPECT_STATUS:-200}" --timeout "${QE_HEALTH_TIMEOUT:-120}"
  --interval "${QE_HEALTH_INTERVAL:-2}" --gate-check "${QE_GATE_CHECK:-qe-actions}"
  --production "${QE_PRODUCTION:-auto}")
[[ -n "${QE_ROLLBACK_COMMAND:-}" ]] && args+=(--rollback-command "$QE_ROLLBACK_COMMAND")
[[ -n "${QE_SMOKE_COMMAND:-}" ]] && args+=(--smoke-command "$QE_SMOKE_COMMAND")
[[ -n "${QE_HEALTH_URL:-}" ]] && args+=(--health-url "$QE_HEALTH_URL")
[[ -n "${QE_EXPECT_BODY:-}" ]] && args+=(--expect-body "$QE_EXPECT_BODY")
[[ -n "${QE_ENVIRONMENT_URL:-}" ]] && args+=(--environment-url "$QE_ENVIRONMENT_URL")
[[ -n "${QE_REF:-}" ]] && args+=(--ref "$QE_REF")
[[ -n "${QE_SHA:-}" ]] && args+=(--sha "$QE_SHA")
case "${QE_REQUIRE_GATE:-true}" in
  true) ;;
  false) args+=(--no-require-gate) ;;
  *) echo "::error title=qe-actions deploy::require-gate must be true or false, not '$QE_REQUIRE_GATE'"; exit 1 ;;
esac
qe "${args[@]}"
