"""Reliability checks against a throwaway PostgreSQL and gunicorn; run with ``python -m
reliability`` (see __main__.py, or ``make reliability``)."""
