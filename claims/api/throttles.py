"""Rate limits for API clients, counted in the shared cache so they hold across processes."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous clients, by IP address (rate: API_THROTTLE_ANON)."""


class TokenRateThrottle(UserRateThrottle):
    """Authenticated clients, by account (rate: API_THROTTLE_USER); anonymous ones are left to
    the anonymous limit instead of being counted twice."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
