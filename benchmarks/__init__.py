"""Speed benchmark of the extraction pipeline (see run.py)."""
