"""Endpoints cannot point the server at itself or its networks, at registration or later."""

import ipaddress
import socket
import threading
import time

import pytest
from django.core.exceptions import ValidationError

from claims.models import WebhookAttempt
from claims.webhooks import safety
from tests.webhooks.receiver import run_tasks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # shared address space
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_refused(address):
    assert not safety.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_allowed(address):
    assert safety.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://hooks.example.org/x", "HTTPS"),
        ("ftp://hooks.example.org/x", "HTTPS"),
        ("https://127.0.0.1/x", "not a public address"),
        ("https://[::1]/x", "not a public address"),
        ("https://169.254.169.254/latest/meta-data/", "not a public address"),
        ("https://localhost:8000/x", "this machine"),
        ("https://user:pass@hooks.example.org/x", "credentials"),
        ("https://hooks.example.org:99999/x", "not a valid URL"),
        ("https:///x", "not a valid URL"),
        ("https://hooks.example.org/\x00", "control"),
        ("", "URL"),
    ],
)
def test_registration_refuses_what_could_never_be_called(url, problem):
    with pytest.raises(ValidationError) as refused:
        safety.validate_url(url)
    assert problem.lower() in " ".join(refused.value.messages).lower()


def test_a_public_https_url_registers_without_a_dns_lookup(monkeypatch):
    monkeypatch.setattr(safety, "resolve", lambda *args: pytest.fail("resolved a name"))
    assert safety.validate_url(" https://hooks.example.org/x?y=1 ") == (
        "https://hooks.example.org/x?y=1"
    )


def test_the_development_setting_allows_http_and_local_addresses(settings):
    settings.WEBHOOK_ALLOW_INSECURE = True
    assert safety.validate_url("http://127.0.0.1:9000/hook")


class TestAtDeliveryTime:
    def test_a_name_that_resolves_to_a_private_address_is_refused_without_connecting(
        self, subscribe, places, russian_actor, record_claim, monkeypatch
    ):
        monkeypatch.setattr(safety, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.7"])
        monkeypatch.setattr(
            socket, "create_connection", lambda *a, **k: pytest.fail("it connected")
        )
        subscribe("https://rebinding.example.org/hook")
        record_claim(places[0], russian_actor)
        run_tasks()
        (attempt,) = WebhookAttempt.objects.all()
        assert attempt.status_code is None
        assert "10.0.0.7, which is not a public address" in attempt.error

    def test_the_connection_goes_to_the_address_that_was_checked(
        self, receiver, subscribe, places, russian_actor, record_claim, monkeypatch
    ):
        """DNS rebinding: the name is resolved once; a second answer is never asked for."""
        answers = iter([["127.0.0.1"]])
        monkeypatch.setattr(safety, "resolve", lambda host, port: next(answers))
        port = receiver.url.split(":")[2].split("/")[0]
        subscribe(f"http://receiver.test:{port}/hook")
        record_claim(places[0], russian_actor)
        run_tasks()
        (arrived,) = receiver.accepted
        assert arrived.headers["host"] == f"receiver.test:{port}"

    def test_redirects_are_not_followed(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        receiver.answer = 302
        subscribe(receiver.url)
        record_claim(places[0], russian_actor)
        run_tasks()
        assert len(receiver.received) == 1
        (attempt,) = WebhookAttempt.objects.all()
        assert attempt.status_code == 302
        assert not attempt.succeeded
        assert "Redirects are not followed" in attempt.error

    def test_an_endpoint_that_hangs_is_cut_off_at_the_timeout(
        self, receiver, subscribe, places, russian_actor, record_claim
    ):
        receiver.answer = None  # sleeps 3 s; the timeout is 1 s
        subscribe(receiver.url)
        record_claim(places[0], russian_actor)
        started = time.monotonic()
        run_tasks()
        assert time.monotonic() - started < 2.5
        (attempt,) = WebhookAttempt.objects.all()
        assert attempt.status_code is None
        assert "No answer within 1 s" in attempt.error


def test_an_answer_is_read_up_to_a_small_limit_and_kept_as_safe_text(insecure):
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_forever():
        connection, _ = listener.accept()
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 100000000\r\n\r\n\x00\x1b[31m")
        try:
            while True:
                connection.sendall(b"x" * 65536)
        except OSError:
            connection.close()

    threading.Thread(target=answer_forever, daemon=True).start()
    started = time.monotonic()
    answer = safety.post(f"http://127.0.0.1:{port}/", b"{}", {}, timeout=1)
    assert time.monotonic() - started < 1
    assert answer.status == 500
    assert len(answer.excerpt) == safety.EXCERPT_LENGTH
    assert answer.excerpt.startswith("\ufffd\ufffd[31mxxx")
    listener.close()
