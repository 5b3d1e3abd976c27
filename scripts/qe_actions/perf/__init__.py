"""Performance comparison: rank statistics over benchmark samples, the regression rule, budgets (pure)."""
