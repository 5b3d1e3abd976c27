"""Coverage report readers (Cobertura, coverage.py, LCOV, JaCoCo, Clover, Go, JSON summaries)."""
