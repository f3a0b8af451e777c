"""Slow clients: half-sent requests hold gunicorn's sync workers, but not nginx in front of them.

Keeps a few requests open that never finish (headers cut off, or a body announced and never
sent), opening a new one whenever the server drops one, as a slowloris attack does, and asks for
/healthz meanwhile: straight to gunicorn it gets no answer (each worker waits for the rest of a
request, and the queue behind them is mostly more of the same); through nginx with
deploy/nginx.conf, which reads requests whole before passing them on, it answers at once.
Prints one line.

    .venv/bin/python scripts/slow_clients.py             # gunicorn on a scratch SQLite file
    .venv/bin/python scripts/slow_clients.py --install   # apt-get install nginx first if missing

nginx is started on a free port with a configuration generated from deploy/nginx.conf; without
nginx (and without --install, or where installing fails) the check is skipped and says so.
`make reliability` runs the same measurement against PostgreSQL (scripts/reliability/slow.py).

Exit status: 0 passed, 1 failed, 2 could not run (no nginx).
"""

import argparse
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_CONF = ROOT / "deploy" / "nginx.conf"
WORKERS = 2
# How long /healthz may take before it counts as stalled.
PATIENCE = 10.0
PROBES = 20
# Half-sent requests kept open: a handful already fills two workers and the queue behind them.
ATTACKERS = 10

HALF_SENT = [
    # Headers that never end (slowloris).
    b"GET /places/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
    # A body announced and never sent.
    b"POST /api/v1/claims/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Content-Length: 100000\r\n\r\n{",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_nginx(*, install: bool) -> str | None:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found or not install:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    subprocess.run(["apt-get", "install", "-y", "nginx"], capture_output=True)
    return shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/usr/bin")


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited at start with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port} after {timeout:.0f} s")


@contextmanager
def serving(process: subprocess.Popen, port: int) -> Iterator[int]:
    """``port`` once the just-started ``process`` listens on it; the process is stopped after."""
    try:
        wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def server_block(listen_port: int, upstream_port: int) -> str:
    """deploy/nginx.conf as shipped, moved to a free port in front of the given gunicorn."""
    text = SERVER_CONF.read_text()
    for shipped, here in (
        ("listen 80;", f"listen 127.0.0.1:{listen_port};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
    ):
        if shipped not in text:
            raise RuntimeError(f"{SERVER_CONF} no longer says {shipped!r}")
        text = text.replace(shipped, here)
    return text


@contextmanager
def nginx(program: str, upstream_port: int) -> Iterator[int]:
    """nginx with deploy/nginx.conf on a free port, in a scratch directory; yields the port."""
    with tempfile.TemporaryDirectory(prefix="claimtracker-nginx-") as home:
        home_path = Path(home)
        os.chmod(home, 0o755)
        port = free_port()
        (home_path / "claimtracker.conf").write_text(server_block(port, upstream_port))
        temp = {name: home_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for path in temp.values():
            path.mkdir()
            os.chmod(path, 0o777)
        user = "user root;" if os.geteuid() == 0 else ""
        (home_path / "nginx.conf").write_text(
            f"""{user}
worker_processes 1;
pid {home}/nginx.pid;
error_log {home}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {home}/claimtracker.conf;
}}
"""
        )
        process = subprocess.Popen(
            [program, "-p", home, "-c", f"{home}/nginx.conf", "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        with serving(process, port):
            yield port


class Slowloris(threading.Thread):
    """Keeps ``count`` half-sent requests open to ``port``, replacing each the server drops."""

    def __init__(self, port: int, count: int):
        super().__init__(daemon=True)
        self.port, self.count = port, count
        self.stop = threading.Event()
        self.opened = 0

    def _open(self) -> socket.socket | None:
        try:
            connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            connection.sendall(HALF_SENT[self.opened % len(HALF_SENT)])
        except OSError:
            return None
        self.opened += 1
        connection.setblocking(False)
        return connection

    def run(self) -> None:
        held = [self._open() for _ in range(self.count)]
        while not self.stop.wait(0.2):
            for i, connection in enumerate(held):
                if connection is None or _dropped(connection):
                    if connection is not None:
                        connection.close()
                    held[i] = self._open()
        for connection in held:
            if connection is not None:
                connection.close()

    def __enter__(self):
        self.start()
        time.sleep(1.0)  # for the server to hand the first ones to its workers
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.join()


def _dropped(connection: socket.socket) -> bool:
    """Whether the server closed the connection or answered (a 408, say): a new one is due."""
    try:
        return connection.recv(4096, socket.MSG_PEEK) is not None
    except BlockingIOError:
        return False
    except OSError:
        return True


def healthz(port: int) -> tuple[float | None, int | None]:
    """Seconds /healthz took and its status, or (None, None) if no answer within PATIENCE."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    try:
        connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException):
        return None, None
    finally:
        connection.close()
    return time.monotonic() - started, status


@dataclass
class Result:
    line: str
    passed: bool


def measure(gunicorn_port: int, nginx_port: int, *, workers: int = WORKERS) -> Result:
    with Slowloris(gunicorn_port, ATTACKERS):
        direct, _ = healthz(gunicorn_port)
    with Slowloris(nginx_port, ATTACKERS * 5) as attack:
        probes = [healthz(nginx_port) for _ in range(PROBES)]
        # Long enough for nginx to time out the first ones (client_header_timeout) and the
        # attack to open new ones; /healthz must still answer.
        time.sleep(11)
        probes += [healthz(nginx_port) for _ in range(PROBES)]
        opened = attack.opened
    answered = [seconds for seconds, status in probes if seconds is not None]
    errors = sum(1 for _, status in probes if status is not None and status >= 500)
    stalled = len(probes) - len(answered)
    direct_text = (
        f"no answer in {PATIENCE:.0f} s"
        if direct is None
        else f"answered in {direct * 1000:.0f} ms"
    )
    slowest = f"{max(answered) * 1000:.0f} ms" if answered else "-"
    line = (
        f"slow clients: {ATTACKERS} half-sent requests kept open against gunicorn's {workers} "
        f"sync workers: /healthz straight to gunicorn {direct_text}; through nginx, with "
        f"{opened} half-sent requests over 12 s: {len(answered)}/{len(probes)} answered, "
        f"slowest {slowest}, {stalled} stalled, {errors} server errors"
    )
    return Result(line, passed=stalled == 0 and errors == 0)


@contextmanager
def scratch_gunicorn() -> Iterator[int]:
    """gunicorn with production settings on a scratch SQLite file: /healthz needs no data."""
    with ExitStack() as stack:
        home = stack.enter_context(tempfile.TemporaryDirectory(prefix="claimtracker-slow-"))
        port = free_port()
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{home}/scratch.sqlite3",
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(WORKERS),
            "WEB_THREADS": "1",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        program = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(
            [str(program), "-c", "gunicorn.conf.py", "claimtracker.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        yield stack.enter_context(serving(server, port))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true", help="apt-get install nginx if missing")
    options = parser.parse_args(argv)
    program = find_nginx(install=options.install)
    if program is None:
        print("slow clients: skipped: nginx is not installed (try --install)")
        return 2
    with scratch_gunicorn() as gunicorn_port, nginx(program, gunicorn_port) as nginx_port:
        result = measure(gunicorn_port, nginx_port)
    print(result.line)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
