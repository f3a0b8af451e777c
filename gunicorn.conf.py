"""Gunicorn settings for `make serve` and `make bench`, from the environment.

Defaults were chosen by measurement on a 2-core machine (docs/benchmarks.md): one sync worker
per core leaves PostgreSQL, Redis and the load generator the rest.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
keepalive = 5
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
# Streaming exports hold a worker for as long as the download lasts; they are not stuck.
graceful_timeout = 30
