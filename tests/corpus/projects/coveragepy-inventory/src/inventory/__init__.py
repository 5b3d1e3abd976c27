"""A tiny stock-keeping package used to produce coverage.py reports."""
