#!/usr/bin/env bash
# Sourced by the action scripts: run qe with the interpreter the bootstrap step chose (QE_PYTHON, QE_PYTHONPATH),
# write step outputs, and name the verdict of a qe exit code (0 pass, 1 fail, 2 warn, 3 could not evaluate).

# qe ARGS...: the qe CLI from the action's checkout
qe() { PYTHONPATH="$QE_PYTHONPATH" "$QE_PYTHON" -m qe_actions "$@"; }

# step_output NAME=VALUE...: single-line step outputs (dropped outside a runner)
step_output() { printf '%s\n' "$@" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# verdict_of CODE: the verdict a qe exit code stands for
verdict_of() {
  case "$1" in 0) echo pass ;; 1) echo fail ;; 2) echo warn ;; *) echo error ;; esac
}

# output_verdict CODE: the `verdict` and `exit-code` outputs for a qe exit code
output_verdict() { step_output "verdict=$(verdict_of "$1")" "exit-code=$1"; }
