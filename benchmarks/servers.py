"""Start and stop the servers under test: gunicorn (the app or the floor), Datasette, and the
app's background worker."""

import contextlib
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from benchmarks import config

START_TIMEOUT = 60


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def base(self) -> str:
        return f"http://{config.HOST}:{self.port}"

    def settle(self) -> None:
        """Wait until the server and its workers stop using the CPU.

        After start: the first worker to boot answers the readiness check while others may still
        be importing the app. After a warm-up run: sync workers finish the requests wrk left in
        flight. Measuring before either would count that work as serving time.
        """
        deadline = time.monotonic() + START_TIMEOUT
        previous = -1
        while time.monotonic() < deadline:
            used = _cpu_ticks(self.process.pid)
            if used == previous:
                return
            previous = used
            time.sleep(0.5)

    def worker_pids(self) -> list[int]:
        """The gunicorn master's workers (its child processes)."""
        return _children(self.process.pid)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((config.HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(name: str, app: str, env: dict[str, str], *, ready_path: str) -> Iterator[Server]:
    """``app`` under gunicorn.conf.py, as `make serve` runs it, on a free port."""
    port = free_port()
    command = [str(config.BIN / "gunicorn"), "-c", "gunicorn.conf.py", app]
    env = {**env, "BIND": f"{config.HOST}:{port}"}
    with _running(name, command, env, port, ready_path) as server:
        yield server


@contextlib.contextmanager
def datasette(database: str, env: dict[str, str], *, ready_path: str) -> Iterator[Server]:
    """Datasette serving ``database`` read-only (immutable), as one publishes it."""
    port = free_port()
    command = [
        str(config.BIN / "datasette"),
        "serve",
        "--immutable",
        database,
        "--host",
        config.HOST,
        "--port",
        str(port),
    ]
    with _running("datasette", command, env, port, ready_path) as server:
        yield server


@contextlib.contextmanager
def worker(name: str, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """`manage.py worker` (as `make worker` runs it in production) beside a server: it runs the
    tasks writes queue, such as remaking the cached copies of the places they touched."""
    log_path = config.WORK_DIR / f"{name}.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            [str(config.BIN / "python"), "manage.py", "worker", "--no-reload"],
            cwd=config.ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            time.sleep(1)
            if process.poll() is not None:
                raise RuntimeError(f"the worker exited; see {log_path}")
            yield process
        finally:
            _stop(process)


@contextlib.contextmanager
def _running(
    name: str, command: list[str], env: dict, port: int, ready_path: str
) -> Iterator[Server]:
    log_path = config.WORK_DIR / f"{name}.log"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=config.ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our own process group: a Ctrl-C reaches us, we stop it
        )
        server = Server(process, port)
        try:
            _wait_until_ready(server, ready_path, log_path)
            server.settle()
            yield server
        finally:
            _stop(process)


def _wait_until_ready(server: Server, path: str, log_path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.process.args[0]} exited; see {log_path}")
        try:
            with urllib.request.urlopen(server.base + path, timeout=5):
                return
        except urllib.error.HTTPError as error:
            raise RuntimeError(
                f"{server.base}{path} answered {error.code}; see {log_path}"
            ) from None
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{server.base} did not answer within {START_TIMEOUT} s; see {log_path}")


def _cpu_ticks(pid: int) -> int:
    """CPU time used so far by a process and its children, in clock ticks."""
    total = 0
    for member in [pid, *_children(pid)]:
        with contextlib.suppress(OSError):
            with open(f"/proc/{member}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(child) for child in children.read().split()]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
