"""Copies remade off the request path: after a write commits, a worker remakes the cached copies
of the places it touched (page, card, feed, API answers) that readers asked for lately, in each
language they asked in, while readers get the copies before the write (:func:`claims.caching.
remake`).

The worker makes each copy by calling the view in-process with an anonymous GET for the same
absolute address and language a reader sent, so it is stored under the very key the reader's own
request would have used, through the same code. Nothing here is needed for correctness: a write
that schedules nothing, a task that fails and a worker that is down or behind all leave readers
making the copies in their requests, as they would without a worker, after at most
``caching.STALE_SECONDS`` of the previous copy.
"""

import functools
import io
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.urls import Resolver404, get_script_prefix, resolve, set_script_prefix
from django.utils import timezone, translation
from django_htmx.middleware import HtmxDetails
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from rest_framework.views import APIView

from claims import caching, languages

log = logging.getLogger(__name__)

# Ahead of webhook deliveries in a shared queue: a reader is waiting on these.
PRIORITY = 10
# An import touches thousands of places: the worker remakes the copies of the first this many
# that readers asked for, and readers remake the rest, as without a worker.
MOST_PLACES = 100
# Finished task rows are django-tasks-db's bookkeeping; a busy place makes one every write.
KEEP_TASK_ROWS = timedelta(hours=1)


def after_commit(place_ids, version: int) -> None:
    """Have the copies of these places remade once the write numbered ``version`` commits; a
    rolled-back write schedules nothing. Called by the services in the write's transaction."""
    if place_ids and (settings.PAGE_CACHE_SECONDS or settings.API_CACHE_SECONDS):
        hook = functools.partial(schedule, sorted(set(place_ids)), version)
        transaction.on_commit(hook, robust=True)


def schedule(place_ids: list[int], version: int) -> None:
    """Queue one task for the places whose addresses readers asked for lately (one cache read,
    and one INSERT when there are any), then tell readers a remake is due."""
    wanted = sorted(caching.wanted(place_ids))[:MOST_PLACES]
    if wanted:
        remake_places.enqueue(wanted)
        # After the task is stored: a marker without a task would only delay readers.
        caching.mark_due(wanted, version)


@task(priority=PRIORITY)
def remake_places(place_ids: list[int]) -> int:
    """Remake the copies readers asked for of each place; returns how many addresses it went
    through. A copy already made for the current version (by a reader, or an earlier task) costs
    one cache read; one that fails is logged and left to readers."""
    done = 0
    for place_id, addresses in sorted(caching.wanted(place_ids).items()):
        for url, language in addresses:
            try:
                remake_copy(url, language)
            except Exception:
                log.exception("Could not remake %s (%s) of place %s", url, language, place_id)
            done += 1
    cutoff = timezone.now() - KEEP_TASK_ROWS
    DBTaskResult.objects.filter(task_path=remake_places.module_path).finished().filter(
        finished_at__lt=cutoff
    ).delete()
    return done


def remake_copy(url: str, language: str) -> None:
    """Ask the view for ``url`` in ``language`` as an anonymous reader would, so that it stores
    its copy for the current version (:func:`claims.caching.off_path`)."""
    request = _request(url, language)
    if request is None:
        return
    previous_prefix = get_script_prefix()
    set_script_prefix(request.META["SCRIPT_NAME"] or "/")
    try:
        with translation.override(language), languages.names_read_once():
            if request.build_absolute_uri() != url:
                log.warning("Not remade: %s would be keyed as another address", url)
                return
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return
            request.resolver_match = match
            view = match.func
            api_view = getattr(view, "cls", None)
            if isinstance(api_view, type) and issubclass(api_view, APIView):
                # The worker is no client, and must not spend one's rate limit.
                view = api_view.as_view(**{**view.initkwargs, "throttle_classes": ()})
            # Not closed: closing sends request_finished, which would end the worker's
            # connection between copies (and a test's transaction).
            view(request, *match.args, **match.kwargs)
    finally:
        set_script_prefix(previous_prefix)


def _request(url: str, language: str) -> WSGIRequest | None:
    parts = urlsplit(url)
    script = (settings.FORCE_SCRIPT_NAME or "").rstrip("/")
    if not parts.path.startswith(f"{script}/"):
        return None
    https = parts.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": script,
        "PATH_INFO": parts.path[len(script) :],
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if https else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "HTTP_ACCEPT_LANGUAGE": language,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        header, secure = proxy_header
        environ[header] = secure if https else "http"
    request = WSGIRequest(environ)
    request.user = AnonymousUser()
    request.htmx = HtmxDetails(request)
    request.LANGUAGE_CODE = language
    request.remade_off_path = True
    return request
