"""Reads on PostgreSQL replicas, writes and recent writers on the primary.

With ``DATABASE_REPLICA_URLS`` set, a GET or HEAD request by someone who is not logged in reads
the app's own tables from a replica; writes, the desk (any logged-in session) and any client
that wrote in the last ``READ_YOUR_WRITES_SECONDS`` (identified by its token or session cookie)
read from the primary, so nobody misses what they just wrote. Every other app's tables
(sessions, tokens, the cache table, the task queue) always live on the primary: they are read
to decide who the client is, and a lagging copy would log people out or lose rate-limit counts.

A replica is used only while a probe, repeated every ``PROBE_SECONDS`` in each process, finds
it reachable and at most ``REPLICA_MAX_LAG_SECONDS`` behind. A request that meets a fault on a
replica is answered again from the primary, so a replica that dies mid-load costs readers
time, never an error page.

Downloads stream their body after the middleware has returned: :func:`streamed` makes every
chunk on the database the request was given, and the first one inside the view, where a
replica's fault is still answered from the primary.
"""

import contextvars
import hashlib
import logging
import random
import time

from django.conf import settings
from django.db import DatabaseError, connections

from claims import caching
from claims.errors import is_database_fault

log = logging.getLogger(__name__)

PRIMARY = "default"
PROBE_SECONDS = 2.0
READ_METHODS = frozenset({"GET", "HEAD"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SERIALIZATION_FAILURE = "40001"

# The alias this request reads the app's tables from; None outside requests (commands, workers).
_read_alias: contextvars.ContextVar[str | None] = contextvars.ContextVar("read_alias", default=None)

# A standby that still receives WAL and has replayed all of it is current however long ago the
# last write was; otherwise its lag is the age of the last transaction it replayed. Without the
# pg_read_all_stats role the receiver's status reads as NULL and only the age counts.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       COALESCE((SELECT status = 'streaming' FROM pg_stat_wal_receiver), false)
         AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(),
       EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
"""


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label != "claims":
            return PRIMARY
        return _read_alias.get() or PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


class ReplicaPool:
    """Which replicas this process may read from now, probed at most every PROBE_SECONDS."""

    def __init__(self):
        self._checked: dict[str, tuple[float, bool]] = {}

    def choose(self) -> str | None:
        usable = [alias for alias in settings.DATABASE_REPLICAS if self.usable(alias)]
        return random.choice(usable) if usable else None

    def usable(self, alias: str) -> bool:
        checked_at, usable = self._checked.get(alias, (float("-inf"), False))
        now = time.monotonic()
        if now - checked_at < PROBE_SECONDS:
            return usable
        usable = self._probe(alias)
        self._checked[alias] = (now, usable)
        return usable

    def failed(self, alias: str) -> None:
        self._checked[alias] = (time.monotonic(), False)
        connections[alias].close()

    def _probe(self, alias: str) -> bool:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute(LAG_SQL)
                standby, caught_up, lag = cursor.fetchone()
        except DatabaseError as error:
            log.warning("replica %s skipped: %s", alias, error)
            connections[alias].close()
            return False
        if not standby or caught_up:
            return True
        if lag is None or lag > settings.REPLICA_MAX_LAG_SECONDS:
            log.warning("replica %s skipped: %s s behind", alias, lag)
            return False
        return True


pool = ReplicaPool()


def client_key(request) -> str | None:
    """Who is asking, as far as read-your-writes needs to know: their token or session."""
    credential = request.headers.get("Authorization") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME
    )
    if not credential:
        return None
    return "wrote:" + hashlib.blake2b(credential.encode(), digest_size=16).hexdigest()


def read_alias_for(request) -> str | None:
    """The replica this request may read from, or None for the primary."""
    if not settings.DATABASE_REPLICAS or request.method not in READ_METHODS:
        return None
    if request.user.is_authenticated:
        return None
    key = client_key(request)
    if key is not None and caching.read(key):
        return None
    return pool.choose()


def replica_fault(error: BaseException) -> bool:
    """A fault the primary would not have: the replica is down, or cancelled a query whose rows
    replay was about to remove (SQLSTATE 40001 on a standby)."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return is_database_fault(error) or sqlstate == SERIALIZATION_FAILURE


def answered_from_primary(error: BaseException) -> bool:
    """Whether ReplicaMiddleware answers this request again from the primary after ``error``.

    An error handler that would answer a database fault itself (the API's, with a 503) must
    raise such an error on instead: answered there, it never reaches the middleware, and the
    reader gets a 503 for a replica the primary could have stood in for."""
    return _read_alias.get() is not None and replica_fault(error)


def streamed(chunks):
    """The chunks of a streamed body, each made on the database this request reads.

    The server iterates a streamed body after ReplicaMiddleware has returned and reset the
    read alias, so unwrapped, every query of a download would go to the primary. The first
    chunk (which reads the first rows) is made here, inside the view: a fault on the replica
    there reaches the middleware, which answers the request again from the primary before any
    byte is sent. A fault later, once the headers are out, can only end the download; it
    takes the replica out of this process's pool, so the next request reads elsewhere. Once the
    view has returned, the writer is mid-read (on PostgreSQL, inside an open COPY) until the
    body is read or closed, as every WSGI server closes it; a test that only looks at the
    headers must read the body through too (tests/responses.py)."""
    alias = _read_alias.get()
    chunks = iter(chunks)
    first = next(chunks, None)
    return _streamed_on(alias, first, chunks)


def _streamed_on(alias: str | None, first, chunks):
    try:
        if first is None:
            return
        yield first
        while True:
            token = _read_alias.set(alias)
            try:
                chunk = next(chunks)
            except StopIteration:
                return
            except Exception as error:
                if alias is not None and replica_fault(error):
                    log.warning("replica %s failed mid-download: %s", alias, error)
                    pool.failed(alias)
                raise
            finally:
                _read_alias.reset(token)
            yield chunk
    finally:
        # A reader who goes away closes the body: the writer's own clean-up (ending the COPY,
        # its transaction) runs on the database it read.
        if hasattr(chunks, "close"):
            token = _read_alias.set(alias)
            try:
                chunks.close()
            finally:
                _read_alias.reset(token)


class ReplicaMiddleware:
    """Chooses where a request reads; remembers writers; answers again from the primary when a
    replica fails mid-request. Placed after DatabaseFaultMiddleware, so it sees a replica's
    fault before that turns it into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        alias = read_alias_for(request)
        request.read_database = alias or PRIMARY
        token = _read_alias.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if request.method in WRITE_METHODS:
            key = client_key(request)
            if key is not None:
                caching.store(key, True, settings.READ_YOUR_WRITES_SECONDS)
        # Says where the answer was read, for the replica check and for anyone debugging lag.
        role = "primary" if request.read_database == PRIMARY else "replica"
        response["Server-Timing"] = f'db;desc="{role}"'
        return response

    def process_exception(self, request, exception):
        if not answered_from_primary(exception):
            return None
        alias = _read_alias.get()
        log.warning("replica %s failed during %s: %s", alias, request.path, exception)
        pool.failed(alias)
        _read_alias.set(None)
        request.read_database = PRIMARY
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        return response
