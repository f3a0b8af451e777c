"""`make bench`: ClaimTracker under gunicorn against a raw floor, Datasette and COPY.

``python -m benchmarks.run`` is the entry point; docs/benchmarks.md holds the results.
"""
