"""Readers: one module per input family, each turning a report file into the shared model."""
