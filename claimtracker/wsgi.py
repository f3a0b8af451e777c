"""WSGI entry point (gunicorn claimtracker.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")

HEALTHY = b'{"status": "ok"}'


def answering_health_checks(django_app):
    """``/healthz`` (the process is up) answered before Django sees the request.

    Django's request signal first checks the database connections a worker keeps, which on a
    hung database waits as long as the database does; a liveness probe must not, or the load
    balancer restarts healthy workers for the database's fault. ``/readyz``, which does ask the
    database, stays in Django (claims.middleware).
    """

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz":
            start_response(
                "200 OK",
                [
                    ("Content-Type", "application/json"),
                    ("Content-Length", str(len(HEALTHY))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [HEALTHY]
        return django_app(environ, start_response)

    return application


# Requests after which what the worker has built is frozen too (see frozen_after_warm_up).
WARM_UP_REQUESTS = 3
# Net new container objects that start a pass over the young generation. At Python's 700, an
# uncached claims API request, whose 50 rows are a few thousand dicts and lists until they are
# written, started one almost every time (0.9 a request), each walking all the request had
# built so far: ~0.4 ms of its ~9 ms of CPU. At 5,000 a pass comes every ~100 requests, over
# the cyclic garbage they left, and takes ~4 ms; far larger and that one pause grows into a
# tail of its own (51 ms at 20,000). The older generations keep Python's ratios.
YOUNG_OBJECTS = 5_000


def frozen_after_warm_up(app, requests: int = WARM_UP_REQUESTS):
    """``app``, with the collector told to leave alone what the worker's first requests built.

    What is loaded lives as long as the worker, yet the collector's full passes walked all of
    it: a quarter of the instructions of an uncached claims API request (callgrind,
    docs/benchmarks.md). Frozen when the application is loaded, it is left out of every pass;
    but the first requests build as much again that lives as long (URL resolvers, compiled
    statements, translation catalogues, template caches), so the collector is run and what
    survives it frozen again before each of the next few requests. Only what is still
    reachable between two requests is frozen, and only during the warm-up: anything frozen
    that later becomes unreachable in a cycle stays until the worker exits, so freezing stops
    there rather than keep adding. Passes over the young generation start later
    (:data:`YOUNG_OBJECTS`).
    """
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    served = 0

    def application(environ, start_response):
        nonlocal served
        if served <= requests:
            if served:
                gc.collect()
                gc.freeze()
            served += 1
        return app(environ, start_response)

    return application


application = answering_health_checks(frozen_after_warm_up(get_wsgi_application()))
