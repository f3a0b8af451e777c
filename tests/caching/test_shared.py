"""claims.caching.shared: the shared cache used so that an outage degrades service instead of
failing it, and a rate limit's counter in one round trip on Redis."""

import os

import pytest
from django.core.cache import caches

from claims.caching import shared
from tests.caching.outage import Down

pytestmark = pytest.mark.django_db


@pytest.fixture
def locmem(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    caches["default"].clear()
    return caches["default"]


def test_values_stored_are_read_back_one_or_many(locmem):
    shared.store("a", 1, 60)
    shared.store_many({"b": 2, "c": 3}, 60)
    assert shared.read("a") == 1
    assert shared.read_many(["a", "b", "c", "missing"]) == {"a": 1, "b": 2, "c": 3}
    shared.forget("a")
    assert shared.read("a") is None


def test_add_stores_only_what_no_one_stored_first(locmem):
    assert shared.add("lock", "mine", 60) is True
    assert shared.add("lock", "theirs", 60) is False
    assert shared.read("lock") == "mine"


def test_a_counter_counts_from_one(locmem):
    assert [shared.count("throttle_x:0", timeout=60) for _ in range(3)] == [1, 2, 3]


def test_an_outage_degrades_every_operation_instead_of_failing(locmem, monkeypatch, caplog):
    monkeypatch.setattr(shared, "cache", Down())
    shared.store("a", 1, 60)
    shared.store_many({"b": 2}, 60)
    shared.forget("a")
    assert shared.read("a") is None
    assert shared.read_many(["a", "b"]) == {}
    # A guard that cannot tell fails open, as the rate limits do.
    assert shared.add("lock", "mine", 60) is True
    assert shared.cache_works() is False
    # Each failed operation is logged once (the readiness check reports it instead).
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["cache unavailable"] * 6


def test_a_working_cache_says_so(locmem):
    assert shared.cache_works() is True


@pytest.fixture
def redis_cache(settings):
    """The shared cache on Redis (database 15, emptied), when a Redis server answers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        }
    }
    try:
        caches["default"].clear()
    except Exception:
        pytest.skip("no Redis server answers")
    yield caches["default"]
    caches["default"].clear()


def test_a_redis_counter_counts_in_one_round_trip_and_expires(redis_cache, monkeypatch):
    import redis

    sent, clients = [], set()
    execute = redis.Redis.execute_command

    def recording(self, *args, **options):
        sent.append(args[0])
        clients.add(id(self))
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", recording)
    assert [shared.count("throttle_x:1", timeout=60) for _ in range(3)] == [1, 2, 3]
    # The window's first request also sets the counter's lifetime; later ones only count.
    assert sent == ["INCRBY", "EXPIRE", "INCRBY", "INCRBY"]
    # One client for every command: Django's cache would make one per command.
    assert len(clients) == 1
    monkeypatch.undo()
    assert redis_cache.get("throttle_x:1") == 3
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_and_validate_key("throttle_x:1")) <= 60


def test_a_redis_counter_lets_requests_through_when_redis_is_down(redis_cache, monkeypatch):
    import redis

    def broken(self, *args, **options):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(redis.Redis, "execute_command", broken)
    assert shared.count("throttle_x:2", timeout=60) is None
    monkeypatch.undo()
    # The counter's own connection, dropped by the server (as by a restart), is made again.
    counter = shared._redis_client(redis_cache._cache)
    redis_cache._cache.get_client(write=True).client_kill_filter(_id=counter.client_id())
    assert [shared.count("throttle_x:2", timeout=60) for _ in range(2)] == [1, 2]


def test_redis_reads_many_in_one_mget_on_the_kept_connection(redis_cache, monkeypatch):
    import redis

    shared.store_many({"card:a": ("line", "row", "label"), "count": 7, "none": None}, 60)
    sent, clients = [], set()
    execute = redis.Redis.execute_command

    def recording(self, *args, **options):
        sent.append(args[0])
        clients.add(id(self))
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", recording)
    validated = []
    monkeypatch.setattr(redis_cache, "validate_key", validated.append)
    keys = ["card:a", "count", "none", "missing"]
    found = shared.read_many(keys)
    assert shared.read_many(keys) == found
    # What Django's get_many reads, pickles and integers alike, but in one MGET a call on the
    # counters' own connection, and with no memcached check of keys this code built.
    assert found == {"card:a": ("line", "row", "label"), "count": 7, "none": None}
    assert sent == ["MGET", "MGET"]
    assert len(clients) == 1
    assert validated == []
    monkeypatch.undo()
    assert redis_cache.get_many(keys) == found


def test_redis_reads_nothing_when_redis_is_down_and_again_after_a_restart(
    redis_cache, monkeypatch, caplog
):
    import redis

    shared.store("card:b", "kept", 60)

    def broken(self, *args, **options):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(redis.Redis, "execute_command", broken)
    assert shared.read_many(["card:b"], what="1 cards") == {}
    assert [r.getMessage() for r in caplog.records] == ["cache unavailable: get 1 cards"]
    monkeypatch.undo()
    reader = shared._redis_client(redis_cache._cache)
    redis_cache._cache.get_client(write=True).client_kill_filter(_id=reader.client_id())
    assert shared.read_many(["card:b"]) == {"card:b": "kept"}
