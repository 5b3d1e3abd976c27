"""Coverage readers (Cobertura, coverage.py, LCOV, JaCoCo, Clover, Go, JSON summaries), listed in `registry.py`."""
