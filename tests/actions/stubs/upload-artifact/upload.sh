#!/usr/bin/env bash
# Copy the artifact into the shared test directory, as the artifact service would keep it.
set -euo pipefail
mkdir -p "$QE_TEST_ARTIFACTS/$STUB_NAME"
if [[ -e "$STUB_PATH" ]]; then
  cp -R "${STUB_PATH%/}/." "$QE_TEST_ARTIFACTS/$STUB_NAME/"
fi
