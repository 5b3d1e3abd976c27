#!/usr/bin/env bash
# Run `qe publish --bundle` for the publish action; the bundle directory arrives through QE_BUNDLE only.
set -uo pipefail
PYTHONPATH="$QE_PYTHONPATH" "$QE_PYTHON" -m qe_actions publish --bundle "$QE_BUNDLE"
code=$?
echo "exit-code=$code" >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
