"""Test settings: production settings with test-only secrets and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from claimtracker.settings import *  # noqa: F403

# Hashing with PBKDF2 would dominate the run time of every test that logs in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Collected, hashed static files are a deployment step; tests serve the source files.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files from the finders, as there is no collectstatic output under test.
WHITENOISE_AUTOREFRESH = True
# The live server's thread would otherwise keep its connection open and block dropping the test
# database; persistent connections are tested in test_settings.py.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The suite makes thousands of API requests from one address; api/test_throttles.py sets its own.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "100000/minute", "user": "100000/minute"}  # noqa: F405
# Off, so that the pages' query counts are their own; tests/api/test_throttles.py turns them on.
SITE_THROTTLE_RATES = {"page": "", "export": ""}
# The test client and the live server speak plain HTTP; test_production.py checks the redirect.
SECURE_SSL_REDIRECT = False
# Django empties the tables with TRUNCATE between transactional and live-server tests; the
# append-only triggers (claims migration 0005) allow that only to sessions that opt in.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c claimtracker.allow_truncate=on".strip()
# The query-count pins (test_query_counts.py) include the API rate limit's queries on the
# database cache: a REDIS_URL in the developer's shell would remove them, and a cull of a full
# cache table (rows outlive the tests that flush the database) would add some.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "claimtracker_cache",
        "KEY_PREFIX": "claimtracker",
        "TIMEOUT": CACHE_DEFAULT_TIMEOUT,  # noqa: F405
        "OPTIONS": {"MAX_ENTRIES": 10**9},
    }
}
# Cached copies would hide the queries that the query-count tests count; the cache tests turn
# them on.
API_CACHE_SECONDS = 0
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0
