#!/usr/bin/env bash
# Sourced by the action scripts: run qe with the interpreter the bootstrap step chose (QE_PYTHON, QE_PYTHONPATH)
# and write step outputs. What an exit code means is said once, by `qe_actions.verdict`; nothing here restates it.

# qe_python ARGS...: the interpreter that runs qe, with the package on its path
qe_python() { PYTHONPATH="$QE_PYTHONPATH" "$QE_PYTHON" "$@"; }

# qe ARGS...: the qe CLI from the action's checkout
qe() { qe_python -m qe_actions "$@"; }

# step_output NAME=VALUE...: single-line step outputs (dropped outside a runner)
step_output() { printf '%s\n' "$@" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# verdict_of CODE: the verdict a qe exit code stands for (pass, fail, warn; error for anything else)
verdict_of() {
  qe_python -c 'import sys
from qe_actions.verdict import Verdict
try:
    print(Verdict.from_exit_code(int(sys.argv[1])))
except ValueError:
    print(Verdict.ERROR)' "$1"
}

# output_verdict CODE: the `verdict` and `exit-code` outputs for a qe exit code
output_verdict() { step_output "verdict=$(verdict_of "$1")" "exit-code=$1"; }

# enforce CODE: pass or fail the step as the `fail-on` input (QE_FAIL_ON) asks, by `python -m qe_actions.verdict`
enforce() { qe_python -m qe_actions.verdict "$1" "${QE_FAIL_ON:-fail}"; }
