"""qe-actions: one quality gate for GitHub (tests, coverage, findings, lint) with one verdict."""

__version__ = "0.1.0"
