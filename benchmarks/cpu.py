"""CPU time per request, robust to other load: ``python -m benchmarks.cpu [--profile N] [URL…]``.

wrk's figures move with whatever else the machine runs; the Python a request costs does not. This
runs requests through Django's test client, in one process, with the servers' production
settings and caches off (as the "caches off" bench server), against the benchmark database, and
prints milliseconds of CPU (``time.process_time``) per request, the least of five batches, for
the claims API by place and for the floor's SQL through psycopg and orjson. With ``--profile N``
it prints cProfile's N costliest functions by own time too, timed by the CPU clock.

Without URLs it measures the bench's own: the claims API for the place with about 100 claims.
"""

import argparse
import cProfile
import os
import pstats
import time

from benchmarks import config

REQUESTS = 100
WARM_UP = 10
BATCHES = 5


def _environment() -> None:
    env = config.production_env(
        config.database_url(config.MAIN_DATABASE),
        API_CACHE_SECONDS="0",
        PAGE_CACHE_SECONDS="0",
    )
    os.environ.update(env)


def _per_request(call, n: int) -> float:
    """The least CPU a request took over a few batches: other processes' load only adds to it
    (cache misses, frequency), so the least is the steadiest figure."""
    for _ in range(WARM_UP):
        call()
    batch = max(n // BATCHES, 1)
    least = float("inf")
    for _ in range(BATCHES):
        started = time.process_time()
        for _ in range(batch):
            call()
        least = min(least, (time.process_time() - started) * 1000 / batch)
    return least


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    options = parser.parse_args()
    _environment()
    import django

    django.setup()
    import orjson
    import psycopg
    from django.test import Client
    from psycopg.rows import dict_row

    from benchmarks import targets

    client = Client(HTTP_HOST=config.HOST)
    place = targets.closest(targets.claims_per_town(), targets.PLACE_PAGE_CLAIMS)
    urls = options.urls or [targets.api_claims_url(place=place, page_size=targets.PAGE_SIZE)]
    statements = targets.captured_sql(client, urls[0], cold=True)
    connection = psycopg.connect(
        config.database_url(config.MAIN_DATABASE), autocommit=True, row_factory=dict_row
    )

    def floor_request():
        results = []
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                if cursor.description is not None:
                    results.append(cursor.fetchall())
        return orjson.dumps({"results": results}, default=float, option=orjson.OPT_UTC_Z)

    floor_ms = _per_request(floor_request, options.requests)
    print(f"floor ({len(statements)} statements): {floor_ms:.2f} ms CPU a request")
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, (answer.status_code, answer.content[:300])
        ms = _per_request(lambda url=url: client.get(url), options.requests)
        print(f"{url}: {ms:.2f} ms CPU a request ({ms / floor_ms:.1f}× the floor)")
        if options.profile:
            profile = cProfile.Profile(time.process_time)
            profile.runcall(lambda url=url: [client.get(url) for _ in range(options.requests)])
            stats = pstats.Stats(profile).sort_stats("tottime")
            stats.print_stats(options.profile)
            stats.sort_stats("cumulative").print_stats(options.profile)


if __name__ == "__main__":
    main()
