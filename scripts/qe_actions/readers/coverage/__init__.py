"""Coverage report readers (Cobertura, coverage.py, LCOV, JaCoCo, Clover, Go, JSON summaries); `registry.py` lists them."""
