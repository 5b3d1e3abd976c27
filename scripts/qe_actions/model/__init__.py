"""The small immutable model every reader produces and every renderer consumes."""
