#!/usr/bin/env bash
# Sourced by gate.sh after `qe gate`: the report's SVG badges (input `badges`) and the history dashboard (input
# `dashboard`), written under the report directory; with `record` and a `git:BRANCH` history also committed to that
# branch (badges/<name>.svg, dashboard/). Inputs arrive as QE_* variables. A problem here is a warning only: the
# gate's verdict, enforced afterwards, stands.

# badges_and_dashboard REPORT_JSON
badges_and_dashboard() {
  local json="$1" branch="" args=()
  if [[ "${QE_RECORD:-false}" == "true" && "${QE_HISTORY:-}" == git:* ]]; then
    branch="${QE_HISTORY#git:}"
  fi
  if [[ "${QE_BADGES:-false}" == "true" ]]; then
    if [[ -f "$json" ]]; then
      args=(badge --from "$json" --output-dir "$QE_REPORT_DIR/badges")
      [[ -n "${QE_CONFIG:-}" ]] && args+=(--config "$QE_CONFIG")
      [[ -n "$branch" ]] && args+=(--to-branch "$branch")
      qe "${args[@]}" || echo "::warning title=qe-actions::the badges could not be written; see the lines above"
    else
      echo "::warning title=qe-actions::no badges: the gate wrote no report"
    fi
  fi
  if [[ "${QE_DASHBOARD:-false}" == "true" ]]; then
    if [[ -n "${QE_HISTORY:-}" ]]; then
      args=(dashboard --store "$QE_HISTORY" --output "$QE_REPORT_DIR/dashboard")
      [[ -n "$branch" ]] && args+=(--to-branch "$branch")
      qe "${args[@]}" || echo "::warning title=qe-actions::the dashboard could not be written; see the lines above"
    else
      echo "::warning title=qe-actions::no dashboard: it needs the history input"
    fi
  fi
}
