#!/usr/bin/env bash
# The real build behind the build-push stub (QE_STUB_REAL_BUILD=1): buildah builds STUB_CONTEXT with STUB_FILE, every
# tag of STUB_TAGS and label of STUB_LABELS, and with STUB_PUSH=true pushes each tag (plain HTTP: the test registry
# listens on 127.0.0.1) and writes the pushed digest to $QE_STUB_LOG/buildah-digest.
set -euo pipefail
store=(--root "$QE_STUB_LOG/buildah/root" --runroot "$QE_STUB_LOG/buildah/run" --storage-driver vfs)
args=(bud --isolation chroot -f "${STUB_FILE:-$STUB_CONTEXT/Dockerfile}")
tags=()
while IFS= read -r tag; do
  [[ -n "$tag" ]] && tags+=("$tag") && args+=(-t "$tag")
done <<<"$STUB_TAGS"
while IFS= read -r label; do
  [[ -n "$label" ]] && args+=(--label "$label")
done <<<"$STUB_LABELS"
buildah "${store[@]}" "${args[@]}" "$STUB_CONTEXT"
if [[ "$STUB_PUSH" == "true" ]]; then
  for tag in "${tags[@]}"; do
    buildah "${store[@]}" push --tls-verify=false --digestfile "$QE_STUB_LOG/buildah-digest" "$tag"
  done
else
  buildah "${store[@]}" inspect --format '{{.FromImageDigest}}' "${tags[0]}" >"$QE_STUB_LOG/buildah-digest"
fi
