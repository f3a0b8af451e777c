"""The API's rate-limit counter on Redis keeps one client per process."""

import os

import pytest
from django.core.cache import caches

from claims.api import throttles


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


def test_the_counter_counts_in_one_round_trip_with_one_client(redis_cache, monkeypatch):
    import redis

    sent, clients = [], set()
    execute = redis.Redis.execute_command

    def recording(self, *args, **options):
        sent.append(args[0])
        clients.add(id(self))
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", recording)
    assert [throttles.count("throttle_y:1", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert sent == ["INCRBY", "EXPIRE", "INCRBY", "INCRBY"]
    assert len(clients) == 1
    monkeypatch.undo()
    assert redis_cache.get("throttle_y:1") == 3


def test_the_counter_lets_requests_through_when_redis_is_down(redis_cache, monkeypatch):
    import redis

    def broken(self, *args, **options):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(redis.Redis, "execute_command", broken)
    assert throttles.count("throttle_y:2", timeout=60) is None
    monkeypatch.undo()
