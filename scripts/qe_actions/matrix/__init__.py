"""The test matrix: Python versions from pyproject metadata, stable duration-balanced shards, cells for the gate."""
