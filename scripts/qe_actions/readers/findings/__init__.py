"""Findings readers: SARIF, security scanners and linters, one module per tool."""
