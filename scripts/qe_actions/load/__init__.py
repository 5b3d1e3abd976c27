"""Loaders: the imperative shell that expands globs, runs readers, merges results and keeps bad files as problems."""
