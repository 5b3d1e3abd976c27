"""The only code that talks to GitHub: the REST API, runner files and workflow commands."""
