"""Who a request comes from, the one way every limit counts it.

Behind NUM_PROXIES trusted proxies the client is the address the nearest of them reports in
X-Forwarded-For; otherwise the address that connected. An X-Forwarded-For a client wrote itself
is ignored, so nobody can spread guesses over made-up addresses or pin them on someone else.
"""

from rest_framework.throttling import BaseThrottle

_IDENTIFY = BaseThrottle()


def client_address(request) -> str:
    """The client's address as the API's rate limits, the pages' and the login lockout see it."""
    return _IDENTIFY.get_ident(request) or ""
