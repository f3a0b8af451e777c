"""What every reliability check stands on: a throwaway PostgreSQL cluster on a free port, the app
migrated and loaded under gunicorn with production settings, an editor's API token, and plain
HTTP requests that report a failure as a reply instead of raising."""

import http.client
import json
import os
import pwd
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import NoReturn

import psycopg

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
LOG_DIR = ROOT / "var" / "reliability"
REPORT = ROOT / "docs" / "reliability.md"
REPORT_START = "<!-- reliability:start -->"
REPORT_END = "<!-- reliability:end -->"

DATABASE = "claimtracker"
EDITOR = "reliability-bot"
# Throttling is tested elsewhere; here it would only turn load into 429s.
UNTHROTTLED = "100000000/minute"
# gunicorn.conf.py's default: one sync worker per core of the 2-core machines it was tuned on.
WORKERS = 2
PLACE_PAGE = "/places/soledar/"
CLAIMS_API = "/api/v1/claims/"

EXIT_PASSED, EXIT_FAILED, EXIT_CANNOT_RUN = 0, 1, 2


class CannotRun(Exception):
    """The check could not be set up (a missing tool, a server that would not start)."""


@dataclass
class Outcome:
    line: str
    passed: bool
    ran: bool = True


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_main(main: Callable[[], int]) -> NoReturn:
    """Exit with ``main()``'s status. SIGTERM stops a check as Ctrl-C does: the ``ExitStack``
    of what it started removes it all."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("Interrupted; everything started was stopped.")
        sys.exit(130)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list, **kwargs) -> str:
    """Run a command to completion and return its output; CannotRun with its error otherwise."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()[-2000:]
        raise CannotRun(f"{shlex.join(map(str, command))} failed:\n{output}")
    return result.stdout


def postgres_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    installed = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.parent.name.isdigit()),
        key=lambda path: int(path.parent.name),
    )
    if installed:
        return installed[-1]
    if shutil.which("pg_ctl"):
        return Path(shutil.which("pg_ctl")).parent
    raise CannotRun(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found: install PostgreSQL, or "
        "set PG_BIN to the directory that holds them."
    )


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary directory, on a free local port.

    PostgreSQL refuses to run as root, so under root it runs as the `postgres` account.
    """

    def __init__(self):
        self.bin = postgres_bin()
        self.account = None
        if os.geteuid() == 0:
            try:
                self.account = pwd.getpwnam("postgres").pw_name
            except KeyError:
                raise CannotRun("As root, PostgreSQL needs a `postgres` account to run.") from None
        self.port = free_port()
        self.home = Path(tempfile.mkdtemp(prefix="claimtracker-pg-"))
        if self.account:
            shutil.chown(self.home, user=self.account)
        self.data = self.home / "data"
        self.server = f"postgres://postgres@127.0.0.1:{self.port}"
        self.url = f"{self.server}/{DATABASE}"

    def start(self) -> None:
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.home}'\n"
            )
        self._pg_ctl("start")
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")

    def restart(self) -> None:
        """A fast restart: open transactions are cut off, as in a failover or an upgrade."""
        self._pg_ctl("restart", "-m", "fast")

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._pg_ctl("stop", "-m", "fast")
        except CannotRun as failure:
            say(f"Could not stop PostgreSQL in {self.home}: {failure}")
        shutil.rmtree(self.home, ignore_errors=True)

    def _pg_ctl(self, action: str, *options) -> None:
        self._run(
            "pg_ctl", "-D", self.data, "-l", self.home / "postgresql.log", "-w", *options, action
        )

    def _run(self, program: str, *arguments) -> None:
        command = [str(self.bin / program), *map(str, arguments)]
        if self.account:
            command = ["runuser", "-u", self.account, "--", *command]
        run(command, cwd=self.home)


@dataclass
class Site:
    base: str
    token: str
    cluster: Cluster
    log: Path


def app_environment(database_url: str, port: int, workers: int, threads: int) -> dict:
    env = dict(os.environ)
    # Nothing from the caller's shell may change what is checked: other settings, or a Redis
    # cache (with its cached fragments) shared with another instance.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("REDIS_URL", None)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="600",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        WEB_THREADS=str(threads),
        API_THROTTLE_ANON=UNTHROTTLED,
        API_THROTTLE_USER=UNTHROTTLED,
        PAGE_THROTTLE=UNTHROTTLED,
        EXPORT_THROTTLE=UNTHROTTLED,
        CLAIMTRACKER_EDITOR_PASSWORD=secrets.token_urlsafe(24),
    )
    return env


def manage(env: dict, *arguments: str) -> str:
    return run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env)


def prepare_database(env: dict, *, synthetic: bool) -> str:
    """Migrate, load data, create the editor; returns the editor's API token."""
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_demo")
    if synthetic:
        manage(env, "generate_synthetic", "--places", "200", "--claims", "5000")
    manage(env, "create_editor", EDITOR)
    return manage(env, "api_token", "create", EDITOR).strip()


@contextmanager
def gunicorn(env: dict, log: Path) -> Iterator[subprocess.Popen]:
    program = VENV_BIN / "gunicorn"
    if not program.exists():
        raise CannotRun(f"{program} is missing: run this script with .venv/bin/python.")
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(program), "-c", "gunicorn.conf.py", "claimtracker.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_ready(base: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CannotRun(f"gunicorn exited at start:\n{log.read_text()[-2000:]}")
        if fetch("GET", base + "/readyz", timeout=2).status == 200:
            return
        time.sleep(0.2)
    raise CannotRun(f"gunicorn was not ready after {timeout:.0f} s; see {log}")


@contextmanager
def serving_site(
    name: str,
    *,
    synthetic: bool = False,
    workers: int = WORKERS,
    threads: int = 1,
    before_serving: Callable[[ExitStack, Cluster, dict], None] | None = None,
) -> Iterator[Site]:
    """PostgreSQL, data and gunicorn for one check; all stopped and removed afterwards.

    ``before_serving`` runs once the data is loaded, before gunicorn starts: it may add to the
    app's environment and start what the app should find (make replica's streaming replica),
    leaving its removal to the stack it is given."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        cluster = Cluster()
        stack.callback(cluster.destroy)
        say(f"{name}: PostgreSQL on port {cluster.port} in {cluster.home}")
        cluster.start()
        port = free_port()
        env = app_environment(cluster.url, port, workers, threads)
        say(f"{name}: migrating and loading data")
        token = prepare_database(env, synthetic=synthetic)
        if before_serving is not None:
            before_serving(stack, cluster, env)
        log = LOG_DIR / f"{name}-gunicorn.log"
        server = stack.enter_context(gunicorn(env, log))
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(base, server, log)
        say(f"{name}: gunicorn ({workers} workers × {threads} threads) on {base}, log in {log}")
        yield Site(base=base, token=token, cluster=cluster, log=log)


def first_server_error(log: Path, lines: int = 80) -> str:
    """The start of the first 500 Django logged, with its traceback ("" if none).

    Django logs a 503 for a database fault as "Service Unavailable", so it is not picked up.
    """
    logged = log.read_text(errors="replace").splitlines()
    for index, line in enumerate(logged):
        if line.startswith("Internal Server Error:"):
            return "\n".join(logged[index : index + lines])
    return ""


# Bypass any proxy from the environment: every request here is to the local server.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Reply:
    status: int  # 0: no HTTP answer (refused, reset, timed out); see `error`
    headers: Message  # case-insensitive
    body: bytes
    started: float
    ended: float
    error: str = ""

    def json(self):
        return json.loads(self.body)


def fetch(
    method: str, url: str, *, token: str = "", payload=None, headers=None, timeout: float = 15
) -> Reply:
    request = urllib.request.Request(url, method=method, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"Token {token}")
    if payload is not None:
        request.data = json.dumps(payload).encode()
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Reply(
                response.status, response.headers, response.read(), started, time.monotonic()
            )
    except urllib.error.HTTPError as answer:
        return Reply(answer.code, answer.headers, answer.read(), started, time.monotonic())
    except (OSError, http.client.HTTPException) as failure:
        return Reply(0, Message(), b"", started, time.monotonic(), error=type(failure).__name__)
