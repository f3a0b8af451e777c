"""A cache backend whose server does not answer, for the tests of what an outage costs."""


class Down:
    def __getattr__(self, name):
        def fails(*args, **kwargs):
            raise ConnectionError("the cache server does not answer")

        return fails
