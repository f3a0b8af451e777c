"""Where webhooks may go, and the one HTTP request that sends them.

Anyone with a token can name an endpoint, so the server must not become a way into the networks
it sits on: endpoints are HTTPS on public addresses only. The host is resolved once per attempt,
every address it resolves to is checked, and the connection goes to the checked address, so a
name that resolves elsewhere a moment later (DNS rebinding) changes nothing. Redirects are not
followed, answers are read up to a small limit, and an attempt has a deadline it cannot outlast.
``WEBHOOK_ALLOW_INSECURE`` lifts the HTTPS and address rules for development and tests.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from claims.text import single_line_text

URL_MAX_LENGTH = 1000
RESPONSE_READ_LIMIT = 4096
EXCERPT_LENGTH = 500
USER_AGENT = "ClaimTracker-Webhooks/1"


class Refused(Exception):
    """The endpoint may not be called; the message says why, for the subscriber."""


def validate_url(url: str) -> str:
    """The URL, if it can be registered; ValidationError naming the problem otherwise.

    Host names are not resolved here (a web request should not wait on DNS, and a name can change
    what it points to later anyway): they are checked at every attempt.
    """
    url = (url or "").strip()
    if not url or len(url) > URL_MAX_LENGTH:
        raise ValidationError(f"Give the endpoint's URL, up to {URL_MAX_LENGTH} characters.")
    single_line_text(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError("This is not a valid URL.") from None
    allowed = ("https", "http") if settings.WEBHOOK_ALLOW_INSECURE else ("https",)
    if parts.scheme not in allowed:
        raise ValidationError("Endpoints must use HTTPS (https://…).")
    if not parts.hostname or any(c.isspace() for c in url):
        raise ValidationError("This is not a valid URL.")
    if parts.username is not None or parts.password is not None:
        raise ValidationError("Leave credentials out of the URL; check the signature instead.")
    if port == 0:
        raise ValidationError("This is not a valid port.")
    if settings.WEBHOOK_ALLOW_INSECURE:
        return url
    host = parts.hostname.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        raise ValidationError("Endpoints may not be on this machine.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return url
    if not is_public(address):
        raise ValidationError(f"{address} is not a public address.")
    return url


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local (cloud
    metadata services live there), shared, reserved or multicast, including IPv4 addresses
    carried inside IPv6 ones."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is not None and not is_public(embedded):
            return False
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to play DNS)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as failure:
        raise Refused(f"Could not resolve {host}: {failure}") from None
    return list(dict.fromkeys(info[4][0] for info in found))


def checked_address(host: str, port: int) -> str:
    """The address to connect to; Refused if any address the host resolves to is not public."""
    addresses = resolve(host, port)
    if not addresses:
        raise Refused(f"{host} resolves to no address.")
    if not settings.WEBHOOK_ALLOW_INSECURE:
        for text in addresses:
            if not is_public(ipaddress.ip_address(text.split("%")[0])):
                raise Refused(f"{host} resolves to {text}, which is not a public address.")
    return addresses[0]


@dataclass
class Answer:
    status: int
    excerpt: str
    retry_after: str = ""


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address checked beforehand, whatever the name resolves to by then."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        raw = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate must be valid for the name in the URL, not for the address.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Answer:
    """POST ``body`` to ``url`` once: Refused, OSError or HTTPException on failure."""
    validate_again(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = checked_address(parts.hostname, port)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname, port, address=address, timeout=timeout)
    # The socket timeout bounds each wait; this bounds the whole attempt, even against an
    # endpoint that trickles its answer one byte at a time.
    started = time.monotonic()
    deadline = threading.Timer(timeout, _cut, args=(connection,))
    deadline.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Connection": "close",
                **headers,
            },
        )
        response = connection.getresponse()
        content = response.read(RESPONSE_READ_LIMIT)
        return Answer(
            status=response.status,
            excerpt=excerpt(content),
            retry_after=response.getheader("Retry-After", "") or "",
        )
    except (OSError, http.client.HTTPException):
        # Cut off at the deadline, the connection fails in whatever way it was reading.
        if time.monotonic() - started >= timeout:
            raise TimeoutError(f"No answer within {timeout:g} s.") from None
        raise
    finally:
        deadline.cancel()
        connection.close()


def validate_again(url: str) -> None:
    """The rules may have tightened since the endpoint was registered."""
    try:
        validate_url(url)
    except ValidationError as invalid:
        raise Refused(invalid.messages[0]) from None


def _cut(connection) -> None:
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def excerpt(content: bytes) -> str:
    """The start of an answer as text a page or a JSON body can carry safely."""
    text = content.decode("utf-8", errors="replace")
    kept = "".join(c if c.isprintable() or c in "\n\t" else "\ufffd" for c in text)
    return kept[:EXCERPT_LENGTH]
