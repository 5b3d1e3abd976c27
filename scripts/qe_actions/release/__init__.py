"""Release automation: the next version from Conventional Commits, release notes, and what publishing does."""
