"""The checks behind our pre-commit hooks (`.pre-commit-hooks.yaml`): secrets, and our static checks of workflows."""
