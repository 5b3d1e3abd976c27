#!/usr/bin/env bash
# Copy the named artifact (or every artifact matching the pattern) from the shared test directory.
set -euo pipefail
mkdir -p "$STUB_PATH"
echo "$STUB_RUN_ID" >"$QE_TEST_ARTIFACTS/download-run-id"
shopt -s nullglob
for dir in "$QE_TEST_ARTIFACTS"/${STUB_NAME:-${STUB_PATTERN:-*}}; do
  [[ -d "$dir" ]] && cp -R "$dir/." "$STUB_PATH/"
done
