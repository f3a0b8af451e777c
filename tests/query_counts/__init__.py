"""The named queries each page, feed, export and API answer costs (tests/test_query_counts.py)."""
