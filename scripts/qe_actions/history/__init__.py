"""Run history: every gate run remembered, so later runs can say what changed against the base branch."""
