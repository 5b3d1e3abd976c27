#!/usr/bin/env bash
# Turn a qe exit code into the step result the `fail-on` input asks for (QE_FAIL_ON: fail | warn | never).
# 0 pass, 2 warn, 1 fail, 3 could not evaluate; "could not evaluate" fails the step unless fail-on is never.
set -uo pipefail
code="$1"
case "${QE_FAIL_ON:-fail}" in
  never) exit 0 ;;
  warn) [[ "$code" == 0 ]] && exit 0 ;;
  fail) [[ "$code" == 0 || "$code" == 2 ]] && exit 0 ;;
  *) echo "::error title=qe-actions::fail-on must be fail, warn or never" ; exit 3 ;;
esac
echo "qe-actions: qe returned exit code $code (0 pass, 1 fail, 2 warn, 3 could not evaluate); failing the step (fail-on: ${QE_FAIL_ON:-fail})"
exit 1
