"""Findings readers: SARIF, security scanners and linters, one module per tool; `registry.py` lists the formats."""
