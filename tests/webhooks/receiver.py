"""Webhook test tools: a receiver on 127.0.0.1 that records what arrives, and running the queued
tasks as a worker would. The ``receiver`` and ``insecure`` fixtures are in tests/conftest.py."""

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


@dataclass
class Received:
    headers: dict
    body: bytes
    status: int

    @property
    def message(self) -> dict:
        return json.loads(self.body)


class QuietServer(ThreadingHTTPServer):
    """A client that gave up is expected here; its traceback would only race other threads."""

    def handle_error(self, request, client_address):
        pass


@dataclass
class Receiver:
    """An HTTP endpoint on 127.0.0.1 that records every request and answers as ``answer`` says
    (a status, or a callable taking the request number and returning one; ``None`` hangs)."""

    answer: object = 200
    received: list = field(default_factory=list)
    hang_seconds: float = 3.0

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                number = len(receiver.received)
                status = receiver.answer(number) if callable(receiver.answer) else receiver.answer
                if status is None:
                    time.sleep(receiver.hang_seconds)
                    status = 200
                receiver.received.append(
                    Received({k.lower(): v for k, v in self.headers.items()}, body, status)
                )
                reply = b'{"ok": true}'
                # After a hang the sender is gone: nothing to answer, and nothing to report (a
                # traceback printed from this thread would race the tests' own ast.parse).
                with contextlib.suppress(OSError):
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.received if 200 <= r.status < 300]


def run_tasks(limit: int = 500) -> int:
    """Run every task that is due, as a worker would, in this test's transaction.

    The worker's own loop closes the connection between tasks, which would end the test's
    transaction; its ``run_task`` is the same code without that.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit and (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran
