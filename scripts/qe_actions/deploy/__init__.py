"""Deployments: health checks, the deploy/rollback flow over GitHub's Deployments API (pure decisions here,
HTTP and processes at the edges)."""
