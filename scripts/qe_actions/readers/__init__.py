"""Readers, one package per input family (`tests/`, `coverage/`, `findings/`): each module turns one report format
into the shared model, and each family's `registry.py` lists its formats (JUnit XML alone is the tests family's)."""
