"""The gate: policy loading and validation, and pure evaluation into a verdict."""
