"""Rate limits for API clients, counted in the shared cache so they hold across processes."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from claims import caching


class WindowCountThrottle(SimpleRateThrottle):
    """Counts each client's requests in fixed windows with the cache's increment.

    DRF's own throttle reads and rewrites a list of every request's time in the window: its cost
    grows with the limit, and two server processes can overwrite each other's list. A counter
    costs the same at any limit and, on Redis, is incremented atomically. If the cache is down,
    requests are let through: the limit is a guard, not a reason to refuse service.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        seen = caching.count(f"{self.key}:{window}", timeout=self.duration)
        return seen is None or seen <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 0)


class AnonymousRateThrottle(WindowCountThrottle, AnonRateThrottle):
    """Anonymous clients, by IP address (rate: API_THROTTLE_ANON)."""


class TokenRateThrottle(WindowCountThrottle, UserRateThrottle):
    """Authenticated clients, by account (rate: API_THROTTLE_USER); anonymous ones are left to
    the anonymous limit instead of being counted twice."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
