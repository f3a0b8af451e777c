"""The WSGI entry point freezes what a worker keeps, at load and after its first requests."""

from unittest import mock

from claimtracker import wsgi


def test_what_the_first_requests_built_is_frozen_and_then_freezing_stops():
    answered = []

    def app(environ, start_response):
        answered.append(environ["PATH_INFO"])
        return [b"ok"]

    with mock.patch.object(wsgi.gc, "freeze") as freeze, mock.patch.object(wsgi.gc, "collect"):
        application = wsgi.frozen_after_warm_up(app, requests=2)
        # At load, before any request.
        assert freeze.call_count == 1
        application({"PATH_INFO": "/first"}, None)
        assert freeze.call_count == 1
        # Before each of the next two, what the ones before it left behind.
        application({"PATH_INFO": "/second"}, None)
        application({"PATH_INFO": "/third"}, None)
        assert freeze.call_count == 3
        for path in ("/fourth", "/fifth", "/sixth"):
            application({"PATH_INFO": path}, None)
        assert freeze.call_count == 3
    assert answered == ["/first", "/second", "/third", "/fourth", "/fifth", "/sixth"]


def test_garbage_is_collected_before_it_could_be_frozen():
    calls = []
    with (
        mock.patch.object(wsgi.gc, "freeze", side_effect=lambda: calls.append("freeze")),
        mock.patch.object(wsgi.gc, "collect", side_effect=lambda: calls.append("collect")),
    ):
        application = wsgi.frozen_after_warm_up(lambda environ, start: [b""], requests=1)
        application({}, None)
        application({}, None)
    assert calls == ["freeze", "collect", "freeze"]


def test_health_checks_never_count_as_warm_up():
    with mock.patch.object(wsgi.gc, "freeze") as freeze, mock.patch.object(wsgi.gc, "collect"):
        django = wsgi.frozen_after_warm_up(lambda environ, start: [b""], requests=1)
        application = wsgi.answering_health_checks(django)
        for _ in range(3):
            application({"PATH_INFO": "/healthz"}, lambda status, headers: None)
        assert freeze.call_count == 1
        application({"PATH_INFO": "/api/v1/"}, None)
        application({"PATH_INFO": "/api/v1/"}, None)
        assert freeze.call_count == 2


def test_passes_over_the_young_generation_start_later_and_the_older_keep_their_ratios():
    with (
        mock.patch.object(wsgi.gc, "freeze"),
        mock.patch.object(wsgi.gc, "get_threshold", return_value=(700, 10, 10)),
        mock.patch.object(wsgi.gc, "set_threshold") as set_threshold,
    ):
        wsgi.frozen_after_warm_up(lambda environ, start: [b""])
    set_threshold.assert_called_once_with(wsgi.YOUNG_OBJECTS, 10, 10)
