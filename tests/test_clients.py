"""Who a request comes from: the connecting address, or the trusted proxy's report of it."""

from django.test import RequestFactory
from rest_framework.settings import api_settings

from claims.clients import client_address


def request_from(address, forwarded=None):
    headers = {"REMOTE_ADDR": address}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_with_no_proxies_configured_a_forwarded_for_header_is_ignored(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}  # the default
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_reports_counts(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert api_settings.NUM_PROXIES == 1
    # The client wrote the first address itself; the proxy appended the one it saw.
    forwarded = "198.51.100.1, 192.0.2.44"
    assert client_address(request_from("10.0.0.2", forwarded)) == "192.0.2.44"
