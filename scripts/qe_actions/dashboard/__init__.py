"""A static history dashboard: a data document from the history store, and the page (HTML, our JS, CSS)."""
