"""Pages for readers who are not logged in, kept per data version (:func:`anonymous_page`)."""

import functools

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from claims.caching.copies import read_copy, remake
from claims.caching.stamps import global_stamp, version_key


def anonymous_page(view=None, *, scope=None, parameters=()):
    """Serve readers who are not logged in a copy of the page made since the last write that
    changed it: any write, or with ``scope`` (e.g. :func:`by_place`), the last one that changed
    the ``Stamp`` it returns for the request and the view's keyword arguments.

    A logged-in reader, or one with a flash message waiting, always gets a fresh page: it may
    show an account, permissions or a message meant for that reader alone. So do htmx fragment
    requests. A cookie alone proves neither: anyone can send ``sessionid=x`` (a session is
    looked up, one query, only when such a cookie comes), and made-up cookies must not turn
    every request into a full page build. Only 200 answers are kept. PAGE_CACHE_SECONDS=0
    turns it off.

    After a write, a page about one place is remade by the worker, other pages by one request
    at a time (:func:`remake`); readers who ask meanwhile get the copy it replaces
    (``X-Cache: stale``), so a crowd on a page just written about never remakes it several
    times at once.
    """
    if view is None:
        return functools.partial(anonymous_page, scope=scope, parameters=parameters)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        personal = request.user.is_authenticated or len(messages.get_messages(request)) > 0
        if not seconds or personal or request.htmx:
            return view(request, *args, **kwargs)
        stamp = scope(request, kwargs) if scope else global_stamp()
        key = version_key("page", request, stamp.text)
        cached, state = read_copy(key, stamp, request, seconds, parameters), "hit"
        if cached is None:
            cached, state = remake(
                key,
                version_key("page-latest", request, ""),
                lambda: view(request, *args, **kwargs),
                keep=_page_copy,
                seconds=seconds,
                request=request,
                stamp=stamp,
                parameters=parameters,
            )
        if isinstance(cached, HttpResponse):
            response = cached
        else:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        response["X-Cache"] = state
        # Shared caches downstream must keep logged-in readers and fragments apart too.
        patch_vary_headers(response, ("Cookie", "HX-Request"))
        return response

    return wrapper


def _page_copy(response):
    if response.status_code == 200 and not response.streaming:
        return (response.content, response["Content-Type"])
    return None
