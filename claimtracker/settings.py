"""ClaimTracker settings: one module, configured entirely from the environment.

It reads every variable itself; claimtracker/env.py holds the typed readers and the builders of
the database and cache settings, claimtracker/policies.py the fixed header and API policies.

Every variable is documented in README.md ("Configuration"). With nothing set the app runs in
production mode on an embedded SQLite file, which refuses to start without SECRET_KEY and
ALLOWED_HOSTS; `make run` sets DEBUG=true for the local development server.
"""

import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from claimtracker import policies
from claimtracker.env import (
    cache,
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_str,
    primary_database,
    replica_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set ALLOWED_HOSTS to the comma-separated host names this "
            "site is served under (e.g. claims.example.org), or set DEBUG=true for local "
            "development."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Registers the trigram_similar lookup (pg_trgm) that name searches use on PostgreSQL.
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "claims",
]

MIDDLEWARE = [
    # Load balancers probe these by IP address and over plain HTTP: answered before host
    # validation and the HTTPS redirect.
    "claims.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the rate limit, so that its 429 page speaks the reader's language too.
    "claims.languages.LanguageMiddleware",
    # Before sessions and the rest, so that a request over the limit costs next to nothing.
    "claims.middleware.SiteRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, so that its redirects carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "claims.middleware.PrivatePagesMiddleware",
    "claims.middleware.SiteMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "claims.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "claims.middleware.DatabaseFaultMiddleware",
    "claims.replicas.ReplicaMiddleware",
]

ROOT_URLCONF = "claimtracker.urls"
WSGI_APPLICATION = "claimtracker.wsgi.application"
ASGI_APPLICATION = "claimtracker.asgi.application"

TEMPLATES = [
    {
        # Django's engine, which lets go of each render's context (claims.templating).
        "BACKEND": "claims.templating.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.site",
            ],
            # Every template translates and names records in the reader's language.
            "builtins": ["django.templatetags.i18n", "claims.templatetags.claims_tags"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Absent DATABASE_URL: an SQLite file under var/, so the app runs anywhere with no setup.
DATABASE_URL = env_str("DATABASE_URL")
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 600)
# A database that does not answer must not hold a server process for longer than this: seconds
# to open a connection, and (PostgreSQL) seconds any one statement may run. gunicorn.conf.py
# sets a statement timeout for web processes; commands (imports, migrations) have none unless
# DATABASE_STATEMENT_TIMEOUT is set for them; exports set their own (EXPORT_STATEMENT_TIMEOUT).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 0)
EXPORT_STATEMENT_TIMEOUT = env_int("EXPORT_STATEMENT_TIMEOUT", 0)
# How long a write waits for a lock another write holds before it gives up with a 503 and
# Retry-After: a waiting request occupies a worker, and a few waiting ones take the site down.
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 5, minimum=1)
# Off only behind a pooler that cannot keep prepared statements (claimtracker/env.py).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
DATABASES = {
    "default": primary_database(
        DATABASE_URL,
        conn_max_age=CONN_MAX_AGE,
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        statement_timeout=DATABASE_STATEMENT_TIMEOUT,
        lock_timeout=DATABASE_LOCK_TIMEOUT,
        prepared_statements=DATABASE_PREPARED_STATEMENTS,
        var_dir=VAR_DIR,
    )
}

# Reads by anonymous readers may go to streaming replicas (claims/replicas.py); each is used only
# while at most REPLICA_MAX_LAG_SECONDS behind, and a client that wrote reads from the primary
# for READ_YOUR_WRITES_SECONDS, which must therefore be longer than that lag plus a probe.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 5, minimum=1)
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 15, minimum=1)
if DATABASE_REPLICA_URLS and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs DATABASE_URL to name PostgreSQL.")
if READ_YOUR_WRITES_SECONDS <= REPLICA_MAX_LAG_SECONDS + 2:
    raise ImproperlyConfigured(
        "READ_YOUR_WRITES_SECONDS must exceed REPLICA_MAX_LAG_SECONDS by more than 2 seconds, "
        "or a client could read a replica that has not yet replayed its own write."
    )
DATABASE_REPLICAS = [f"replica_{number}" for number in range(1, len(DATABASE_REPLICA_URLS) + 1)]
for alias, url in zip(DATABASE_REPLICAS, DATABASE_REPLICA_URLS, strict=True):
    DATABASES[alias] = replica_database(
        url, primary=DATABASES["default"], conn_max_age=CONN_MAX_AGE
    )
DATABASE_ROUTERS = ["claims.replicas.ReplicaRouter"] if DATABASE_REPLICAS else []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Throttling, login lockout and page fragments must be shared by every server process, so the
# default is the database cache; REDIS_URL switches to Redis.
REDIS_URL = env_str("REDIS_URL")
# The database cache increments a counter by writing it again with the default timeout; a day
# outlives the longest rate-limit window, so a day's count is not forgotten after 5 minutes.
CACHE_DEFAULT_TIMEOUT = 86_400
CACHES = {"default": cache(REDIS_URL, timeout=CACHE_DEFAULT_TIMEOUT)}

# Pages and feeds, and downloads, per client address (read like the API's, see NUM_PROXIES):
# generous, so that only a runaway script meets them. Empty turns one off.
SITE_THROTTLE_RATES = {
    "page": env_rate("PAGE_THROTTLE", "600/minute"),
    "export": env_rate("EXPORT_THROTTLE", "30/minute"),
}

# --- Security headers ----------------------------------------------------------------------
# HTTPS is assumed outside DEBUG: a TLS-terminating proxy in front must pass the scheme on
# (SECURE_PROXY_SSL_HEADER). `make serve`, a local production-like run, turns the redirect off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER")
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be a header and a value, e.g. "
            "HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_header)

# Every browser feature the pages never use is denied (claimtracker/policies.py).
PERMISSIONS_POLICY = policies.DENIED_FEATURES

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Cookies: never readable by scripts, sent only over HTTPS outside local development.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SAMESITE = "Lax"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:review"
LOGOUT_REDIRECT_URL = "claims:dashboard"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60
# A username is locked for one client address only, so a guesser locks out only themselves;
# addresses are read as the rate limits read them (NUM_PROXIES). Guessing from many addresses
# meets a higher per-username limit that only slows attempts down (claims.logins).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "claims.clients.client_address"
LOGIN_USERNAME_FAILURE_LIMIT = env_int("LOGIN_USERNAME_FAILURE_LIMIT", 20, minimum=1)
LOGIN_SLOWDOWN_SECONDS = env_int("LOGIN_SLOWDOWN_SECONDS", 10, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.BoundedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttles.AnonymousRateThrottle",
        "claims.api.throttles.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "300/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
    },
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.ClaimTrackerSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Rate limits count the address that connected, not one a client wrote into
    # X-Forwarded-For; behind N trusted proxies, set NUM_PROXIES=N.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    # ASCII JSON escapes every character, so an error message that quotes a lone surrogate
    # someone sent is still valid JSON instead of a failure to render.
    "UNICODE_JSON": False,
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 90, minimum=1)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = policies.API_SCHEMA

# --- Internationalisation -------------------------------------------------------------------
# English pages are unprefixed; Ukrainian ones live under /uk/ (claimtracker/urls.py), so a link
# always shows the language it was shared in. The API stays unprefixed and follows
# Accept-Language for the words it returns (claims.languages).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 86_400
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- CORS -----------------------------------------------------------------------------------
# Browsers on other sites (a newsroom's dashboard) may read the public API: reads only, never
# with the visitor's cookies, so the API answers them as it answers anyone anonymous.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# --- Site -----------------------------------------------------------------------------------
# Map tiles are the one thing that would come from elsewhere; empty means markers on a blank
# map and no outside request at all.
MAP_TILE_URL = env_str("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION")
SITE_NAME = "ClaimTracker"
# The "authority,date" of the tag: URIs that identify Atom entries (tag:<this>:claim/19): a
# domain the newsroom held on that date. Set it once, before the feeds are first read, and never
# change it: entry ids must not depend on the host name a request arrives under.
ATOM_TAG_AUTHORITY = env_str("ATOM_TAG_AUTHORITY", "claimtracker.invalid,2023")
if not re.fullmatch(r"[A-Za-z0-9.@-]+,\d{4}(-\d{2}(-\d{2})?)?", ATOM_TAG_AUTHORITY):
    raise ImproperlyConfigured(
        "ATOM_TAG_AUTHORITY must be a domain (or e-mail address) and a date, e.g. "
        "claims.example.org,2023 or claims.example.org,2023-01-13."
    )
# Two control statements of one side that cannot both be true are a same-side contradiction
# when made within this many days of each other. In the real corpus (tests/scenarios) officials
# contradicted each other within a day, while a concession three days after a denial reported a
# real change of hands.
CONTRADICTION_WINDOW_DAYS = env_int("CONTRADICTION_WINDOW_DAYS", 2, minimum=1)
# A dispute with no statement by any side for this many days is shown as quiet, and listed after
# live ones.
QUIET_DISPUTE_DAYS = env_int("QUIET_DISPUTE_DAYS", 30, minimum=1)

# How long a copy of an API answer or of a page for readers who are not logged in is kept.
# Copies are keyed on the data version, so they are never stale; 0 turns caching off.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 300, minimum=0)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300, minimum=0)
# How long each claim's rendered card is kept (claims/cards.py). Cards are keyed on what they
# show, so they outlive writes to other claims; on the database cache every card written costs
# queries, so they are kept only with Redis unless this says otherwise. 0 turns them off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 86_400 if REDIS_URL else 0, minimum=0)

# --- Background tasks and webhooks -------------------------------------------------------
# Tasks are rows in the app's own database, written in the transaction that causes them: a
# rolled-back write leaves no task behind. `manage.py worker` (make worker) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Where the links inside webhook payloads point (no request to take the address from there).
_named_host = next((h.lstrip(".") for h in ALLOWED_HOSTS if h.strip(".*")), "localhost")
SITE_URL = env_str("SITE_URL").rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{_named_host}"
)
# Development and tests only: endpoints may use plain HTTP and reach loopback or private
# addresses. Off, webhooks go only to HTTPS endpoints on public addresses.
WEBHOOK_ALLOW_INSECURE = env_bool("WEBHOOK_ALLOW_INSECURE", False)
# Seconds to connect and get an answer, in all; a slower endpoint counts as failed.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5, minimum=1)
# The first retry waits about this long; each further one twice as long, up to an hour.
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 10, minimum=1)

# --- Content Security Policy ---------------------------------------------------------------
# Nothing inline runs; map tiles, when configured, are the one outside source allowed.
CONTENT_SECURITY_POLICY = policies.content_security_policy(MAP_TILE_URL)
# Who may put /embed/ cards in a frame: any site by default.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", ["*"])

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
