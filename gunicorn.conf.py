"""Gunicorn settings for `make serve` and `make bench`, from the environment.

Defaults were chosen by measurement on a 2-core machine (docs/benchmarks.md): one sync worker
per core leaves PostgreSQL, Redis and the load generator the rest.

Sync workers serve one request at a time, so in production they sit behind a buffering reverse
proxy (deploy/nginx.conf): it reads each request whole before passing it on and takes each
answer as fast as the worker writes it, so a slow or half-sent request holds no worker
(gunicorn's own advice for sync workers; scripts/slow_clients.py shows the difference).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A worker silent this long is killed and replaced. Streaming exports hold a worker for as long
# as the proxy takes to read them (it buffers to disk), so this bounds a download too.
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
keepalive = 5
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
graceful_timeout = 30
# Requests from the proxy only: anything larger than these is refused before Django sees it.
limit_request_line = 8190
limit_request_fields = 100

# Web requests get a statement timeout (claimtracker/settings.py reads it when a worker loads
# the app); management commands, which do not read this file, run without one.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "30")
