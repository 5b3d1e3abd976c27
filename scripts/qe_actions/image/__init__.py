"""Image metadata: Docker tags and OCI labels computed from the ref and event, like docker/metadata-action."""
