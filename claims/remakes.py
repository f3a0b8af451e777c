"""Copies remade off the request path: after a write commits, a worker remakes the cached copies
of the places it touched (page, card, feed, API answers) that readers asked for lately, in each
language they asked in, while readers get the copies before the write (:func:`claims.caching.
remake`).

The worker makes each copy by calling the view in-process with an anonymous GET for the same
absolute address and language a reader sent, so it is stored under the very key the reader's own
request would have used, through the same code. Nothing here is needed for correctness: a write
that schedules nothing, a task that fails and a worker that is down or behind all leave readers
making the copies in their requests, as they would without a worker, at most
``caching.STALE_SECONDS`` after the write.
"""

import io
import logging
import time
from dataclasses import dataclass, field
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
# An import touches thousands of places: the worker remakes the copies of this many of them
# readers asked for most recently, and readers remake the rest, as without a worker.
MOST_PLACES = 100
# The places of one write whose readers learn which version it replaced, so that while one
# request remakes a copy the others get the one before (:func:`claims.caching.remake`).
MOST_MARKED = 1000
# Finished task rows are django-tasks-db's bookkeeping; a busy place makes one every write.
KEEP_TASK_ROWS = timedelta(hours=1)


def enabled() -> bool:
    return bool(settings.PAGE_CACHE_SECONDS or settings.API_CACHE_SECONDS)


@dataclass
class Batch:
    """What the hooks of one transaction have scheduled, so that its touches (a claim move
    touches twice) queue each place once, and mark it with what it was before the first."""

    replaced: dict[int, int | None] = field(default_factory=dict)
    queued: set[int] = field(default_factory=set)
    # Its hooks have begun to run: the transaction is over, and a later touch starts anew.
    run: bool = False


@dataclass
class Remake:
    """The after-commit hook of one touch: for each place it stamped ``version``, the version
    it replaced (:func:`schedule`)."""

    replaced: dict[int, int | None]
    version: int
    batch: Batch

    def __call__(self) -> None:
        self.batch.run = True
        changes = {}
        for place, before in self.replaced.items():
            changes[place] = (self.batch.replaced.setdefault(place, before), self.version)
        schedule(changes, self.batch.queued)


def after_commit(replaced: dict[int, int | None], version: int) -> None:
    """Have the copies of the places in ``replaced`` (place: its version before) remade once
    the write that stamped them ``version`` commits. Called by the services in the write's
    transaction; a hook registered in a savepoint that rolls back never runs, so what a
    rolled-back write, or part of one, touched is not scheduled."""
    if not replaced or not enabled():
        return
    connection = transaction.get_connection()
    earlier = [hook for _, hook, _ in connection.run_on_commit if isinstance(hook, Remake)]
    batch = earlier[-1].batch if earlier and not earlier[-1].batch.run else Batch()
    transaction.on_commit(Remake(replaced, version, batch), robust=True)


def schedule(changes: dict[int, tuple[int | None, int]], queued: set[int]) -> None:
    """Queue a task for each place in ``changes`` whose addresses readers asked for lately and
    that is not in ``queued`` yet (which it joins), the most recently asked first (one cache
    read, and one INSERT a place), then tell readers which version the write replaced and
    whether a remake is due (one cache write)."""
    wanted = [place for place in caching.wanted(changes) if place not in queued]
    wanted = wanted[: max(MOST_PLACES - len(queued), 0)]
    # Past the due marker's lifetime, readers make the copies themselves.
    until = time.time() + caching.STALE_SECONDS
    for place in wanted:
        remake_place.enqueue(place, until)
    queued.update(wanted)
    # After the tasks are stored: a marker that promises a task that is not there would only
    # delay readers. An import's places past the first MOST_MARKED are made in requests.
    ahead = [place for place in changes if place in queued]
    marked = {place: changes[place] for place in [*ahead, *changes][:MOST_MARKED]}
    caching.mark_due(marked, queued)


@task(priority=PRIORITY)
def remake_place(place_id: int, until: float) -> int:
    """Remake the copies readers asked for of the place, until the time ``until`` after which
    readers make them; returns how many addresses it went through. A copy already made for the
    current version (by a reader, or an earlier task) costs one cache read; one that fails is
    logged and left to readers."""
    done = 0
    for url, language, script in caching.wanted([place_id]).get(place_id, []):
        if time.time() >= until:
            break
        try:
            remake_copy(url, language, script)
        except Exception:
            log.exception("Could not remake %s (%s) of place %s", url, language, place_id)
        done += 1
    cutoff = timezone.now() - KEEP_TASK_ROWS
    DBTaskResult.objects.filter(task_path=remake_place.module_path).finished().filter(
        finished_at__lt=cutoff
    ).delete()
    return done


def remake_copy(url: str, language: str, script: str | None = None) -> None:
    """Ask the view for ``url`` in ``language`` as an anonymous reader would, so that it stores
    its copy for the current version (:func:`claims.caching.off_path`). ``script`` is the
    SCRIPT_NAME the reader's request came with (FORCE_SCRIPT_NAME if not given)."""
    request = _request(url, language, script)
    if request is None:
        log.warning("Not remade: %s is not under the script name %r", url, script)
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


def _request(url: str, language: str, script: str | None) -> WSGIRequest | None:
    parts = urlsplit(url)
    if script is None:
        script = settings.FORCE_SCRIPT_NAME or ""
    script = script.rstrip("/")
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
