#!/usr/bin/env bash
# The docker-build action's metadata step: `qe image-meta` computes tags, labels, version and whether this run may
# push (never from a fork's pull request), and writes them as step outputs; plus the first tag and the gha cache.
# Inputs arrive only through QE_* environment variables.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=SCRIPTDIR/common.sh
source "$here/common.sh"
mkdir -p "$QE_REPORT_DIR"
json="$QE_REPORT_DIR/image-meta.json"
qe image-meta --images "$QE_IMAGES" --tags "${QE_TAGS:-}" --flavor "${QE_FLAVOR:-}" --labels "${QE_LABELS:-}" \
  --push "${QE_PUSH:-false}" --output "$json" --github-output
code=$?
if [[ "$code" == 3 ]]; then
  echo "::error title=qe-actions docker-build::the image metadata could not be computed (see the line above)"
  exit 1
fi
first="$(qe_python -c 'import json, sys; tags = json.load(open(sys.argv[1]))["tags"]; print(tags[0] if tags else "")' "$json")"
scope="${QE_CACHE_SCOPE:-}"
if [[ -z "$scope" ]]; then
  scope="$(printf '%s' "${QE_IMAGES%%[,$'\n']*}" | tr -c 'A-Za-z0-9._-' '-')"
fi
step_output "first-tag=$first"
# The GitHub Actions cache backend (needs the buildx docker-container driver that setup-buildx-action gives).
if [[ "${QE_CACHE:-true}" == "true" ]]; then
  step_output "cache-from=type=gha,scope=$scope" "cache-to=type=gha,mode=max,scope=$scope"
fi
if [[ -z "$first" ]]; then
  echo "::error title=qe-actions docker-build::no tag rule applies to this ref: nothing to build and tag"
  exit 1
fi
