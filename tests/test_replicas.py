"""Where reads go when replicas are configured (claims/replicas.py).

The real thing, a streaming replica killed mid-load, is proved by scripts/replica_check.py;
these tests pin the decisions: who reads where, when a replica is skipped, and that a fault on
a replica is answered from the primary.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from claims import replicas, services
from claims.models import Claim, Place
from tests.api.answers import CLAIMS, claim_payload

pytestmark = pytest.mark.django_db

REPLICA = "replica_1"


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replicas.pool, "choose", lambda: REPLICA)
    with override_settings(DATABASE_REPLICAS=[REPLICA]):
        yield


def anonymous(request):
    request.user = AnonymousUser()
    return request


def test_the_app_tables_follow_the_request_and_everything_else_stays_on_the_primary():
    router = replicas.ReplicaRouter()
    token = replicas._read_alias.set(REPLICA)
    try:
        assert router.db_for_read(Claim) == REPLICA
        assert router.db_for_read(Place) == REPLICA
        # Sessions, tokens and the cache table decide who the client is: never a stale copy.
        assert router.db_for_read(Session) == "default"
        assert router.db_for_write(Claim) == "default"
    finally:
        replicas._read_alias.reset(token)
    assert router.db_for_read(Claim) == "default"
    assert router.allow_migrate(REPLICA, "claims") is False


def test_anonymous_reads_go_to_a_replica(one_replica):
    request = anonymous(RequestFactory().get("/places/soledar/"))
    assert replicas.read_alias_for(request) == REPLICA


def test_without_replicas_everything_reads_the_primary():
    request = anonymous(RequestFactory().get("/places/soledar/"))
    assert replicas.read_alias_for(request) is None


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_writes_read_the_primary(one_replica, method):
    request = anonymous(getattr(RequestFactory(), method)("/api/v1/claims/"))
    assert replicas.read_alias_for(request) is None


def test_the_desk_reads_the_primary(one_replica, editor):
    request = RequestFactory().get("/review/")
    request.user = editor
    assert replicas.read_alias_for(request) is None


def test_a_client_that_wrote_reads_its_writes_from_the_primary_and_others_do_not(one_replica):
    def view(request):
        return HttpResponse(request.read_database)

    middleware = replicas.ReplicaMiddleware(view)
    writer = {"HTTP_AUTHORIZATION": "Token writer"}
    other = {"HTTP_AUTHORIZATION": "Token someone-else"}
    factory = RequestFactory()

    assert middleware(anonymous(factory.get("/api/v1/claims/", **writer))).content == b"replica_1"
    middleware(anonymous(factory.post("/api/v1/claims/", **writer)))

    after_write = middleware(anonymous(factory.get("/api/v1/claims/", **writer)))
    assert after_write.content == b"default"
    assert after_write["Server-Timing"] == 'db;desc="primary"'
    other_reader = middleware(anonymous(factory.get("/api/v1/claims/", **other)))
    assert other_reader.content == b"replica_1"
    assert other_reader["Server-Timing"] == 'db;desc="replica"'


def test_a_fault_on_the_replica_is_answered_again_from_the_primary(one_replica, monkeypatch):
    failed = []
    monkeypatch.setattr(replicas.pool, "failed", failed.append)
    seen = []

    def view(request):
        seen.append(replicas._read_alias.get())
        return HttpResponse("from the primary")

    request = anonymous(RequestFactory().get("/places/soledar/"))
    request.resolver_match = SimpleNamespace(func=view, args=(), kwargs={})
    request.read_database = REPLICA
    token = replicas._read_alias.set(REPLICA)
    try:
        middleware = replicas.ReplicaMiddleware(view)
        response = middleware.process_exception(request, OperationalError("server closed"))
    finally:
        replicas._read_alias.reset(token)

    assert response.content == b"from the primary"
    assert seen == [None]
    assert failed == [REPLICA]
    assert request.read_database == "default"


def dies_mid_query(execute, sql, params, many, context):
    # What psycopg raises when the replica's server process is killed under a query.
    raise OperationalError("consuming input failed: server closed the connection unexpectedly")


def refusing(database: dict) -> dict:
    """Where the first request after the kill finds the replica: nothing listening."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return {**database, "NAME": "/nonexistent/replica.sqlite3"}
    return {**database, "HOST": "127.0.0.1", "PORT": "1"}


@pytest.fixture(params=["killed mid-query", "refusing connections"])
def dying_replica(request, one_replica, db, monkeypatch, settings):
    """A replica the app really connects to, which fails as one killed mid-load does; yields
    the replicas the pool was told had failed."""
    settings.DATABASE_ROUTERS = ["claims.replicas.ReplicaRouter"]
    failed = []
    monkeypatch.setattr(replicas.pool, "failed", failed.append)
    primary = connections["default"]
    killed = request.param == "killed mid-query"
    database = {**primary.settings_dict} if killed else refusing(primary.settings_dict)
    connections[REPLICA] = type(primary)(database, REPLICA)
    try:
        if killed:
            with connections[REPLICA].execute_wrapper(dies_mid_query):
                yield failed
        else:
            yield failed
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]


@pytest.mark.parametrize(
    "path",
    [
        # The API answered these with 503 when `make replica` killed its replica: its error
        # handler turned the replica's fault into an answer before the middleware could retry.
        "/api/v1/claims/",
        "/api/v1/claims/?place=bakhmut",
        "/api/v1/places/bakhmut/",
        "/places/bakhmut/",
        "/claims/",
    ],
)
def test_a_replica_that_dies_costs_a_reader_no_error(dying_replica, disputed, client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Server-Timing"] == 'db;desc="primary"'
    assert dying_replica == [REPLICA]


DOWNLOADS = [
    "/export/claims.csv",
    "/export/claims.jsonl",
    "/export/verifications.csv",
    "/export/places.geojson",
]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def from_the_primary_alone(client, path) -> bytes:
    """The same download with no replica configured: what a complete one holds."""
    with override_settings(DATABASE_REPLICAS=[]):
        return body(client.get(path))


@pytest.fixture
def live_replica(one_replica, transactional_db, settings):
    """A replica that really answers: a second connection to the test database, which sees
    what the primary wrote because the test commits it; yields (primary, replica)."""
    settings.DATABASE_ROUTERS = ["claims.replicas.ReplicaRouter"]
    primary = connections["default"]
    connections[REPLICA] = type(primary)({**primary.settings_dict}, REPLICA)
    try:
        yield primary, connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]


def export_reads(captured) -> list[str]:
    """The statements of a download: its reads of the app's tables, and on PostgreSQL the set-up
    of its COPY (the COPY itself goes through psycopg, past Django's query log, on the same
    connection and transaction)."""
    return [q["sql"] for q in captured if "claims_" in q["sql"] or "set_config" in q["sql"]]


@pytest.mark.parametrize("path", DOWNLOADS)
def test_an_anonymous_download_reads_the_replica(live_replica, demo_data, client, path):
    primary, replica = live_replica
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        response = client.get(path)
        streamed = body(response)

    assert response.status_code == 200
    assert response["Server-Timing"] == 'db;desc="replica"'
    assert export_reads(on_replica)
    assert export_reads(on_primary) == []
    assert streamed == from_the_primary_alone(client, path)


@pytest.mark.parametrize("path", ["/export/claims.csv", "/export/claims.jsonl"])
def test_a_download_right_after_a_write_reads_the_primary(
    live_replica, demo_data, editor, api_client, client, path
):
    primary, replica = live_replica
    _, token = services.api_token_create(user=editor, days=30)
    writer = {"HTTP_AUTHORIZATION": f"Token {token}"}
    marker = "Written a moment before the download."
    created = api_client.post(CLAIMS, claim_payload(summary=marker), format="json", **writer)
    assert created.status_code == 201

    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        response = client.get(path, **writer)
        streamed = body(response)

    assert response["Server-Timing"] == 'db;desc="primary"'
    assert marker.encode() in streamed
    assert export_reads(on_primary)
    assert export_reads(on_replica) == []


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_replica_that_fails_before_the_first_byte_costs_a_download_nothing(
    dying_replica, demo_data, client, path
):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Server-Timing"] == 'db;desc="primary"'
    assert body(response) == from_the_primary_alone(client, path)
    assert dying_replica == [REPLICA]


def test_a_replica_that_fails_mid_download_leaves_the_pool(one_replica, monkeypatch):
    failed = []
    monkeypatch.setattr(replicas.pool, "failed", failed.append)
    seen = []

    def chunks():
        seen.append(replicas._read_alias.get())
        yield b"first rows\n"
        seen.append(replicas._read_alias.get())
        raise OperationalError("server closed the connection unexpectedly")

    token = replicas._read_alias.set(REPLICA)
    try:
        body = replicas.streamed(chunks())
    finally:
        replicas._read_alias.reset(token)
    assert next(body) == b"first rows\n"
    with pytest.raises(OperationalError):
        next(body)
    assert seen == [REPLICA, REPLICA]
    assert failed == [REPLICA]
    assert replicas._read_alias.get() is None


def test_a_fault_on_the_primary_is_left_to_the_database_fault_page(one_replica):
    request = anonymous(RequestFactory().get("/places/soledar/"))
    middleware = replicas.ReplicaMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(request, OperationalError("server closed")) is None


class FakeCursor:
    def __init__(self, row, error=None):
        self.row, self.error = row, error

    def __enter__(self):
        if self.error:
            raise self.error
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql):
        pass

    def fetchone(self):
        return self.row


class FakeConnection:
    def __init__(self, row=None, error=None):
        self.row, self.error, self.probes, self.closed = row, error, 0, False

    def cursor(self):
        self.probes += 1
        return FakeCursor(self.row, self.error)

    def close(self):
        self.closed = True


@pytest.mark.parametrize(
    ("row", "usable"),
    [
        ((True, True, 3600.0), True),  # streaming and replayed everything: current, if idle
        ((True, False, 2.0), True),  # behind by less than the limit
        ((True, False, 60.0), False),  # behind by a minute
        ((True, False, None), False),  # has replayed nothing yet
        ((False, False, None), True),  # not a standby at all
    ],
)
def test_a_replica_is_used_only_while_it_keeps_up(monkeypatch, settings, row, usable):
    settings.REPLICA_MAX_LAG_SECONDS = 5
    monkeypatch.setattr(replicas, "connections", {REPLICA: FakeConnection(row)})
    assert replicas.ReplicaPool().usable(REPLICA) is usable


def test_an_unreachable_replica_is_skipped_and_probed_again_only_after_a_while(
    monkeypatch, settings
):
    settings.DATABASE_REPLICAS = [REPLICA]
    down = FakeConnection(error=OperationalError("connection refused"))
    monkeypatch.setattr(replicas, "connections", {REPLICA: down})
    pool = replicas.ReplicaPool()
    assert pool.choose() is None
    assert pool.choose() is None
    assert down.probes == 1
    assert down.closed


@pytest.mark.postgres_only
def test_the_probe_runs_on_a_real_server():
    # The primary is no standby, so it is usable; the point is that the SQL is valid.
    assert replicas.ReplicaPool()._probe("default") is True
