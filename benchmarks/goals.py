"""The targets of the performance issue, each a ratio within one run, checked."""

from dataclasses import dataclass

API_SHARE = 0.40  # of the floor's requests per second
# A miss (caches off) is held to less (issue 17): the answer is made, not copied from Redis.
API_MISS_SHARE = 0.30
API_P99 = 3.0  # times the floor's p99
NOT_MODIFIED_SHARE = 0.80
PLACE_PAGE_COST = 2.0  # times the API page for the same place
EXPORT_GROWTH_MB = 16
COPY_SHARE = {"csv": 0.40, "jsonl": 0.60}
RARE_SEARCH_MS = 5.0
FUZZY_SEARCH_MS = 20.0
DEEP_PAGE_COST = 2.0  # times the first page
MIXED_HIT_RATIO = 0.90  # readers' answers from the cache while an editor writes
MIXED_P99 = 2.0  # times the read-only run's p99


@dataclass
class Goal:
    target: str
    reached: str
    met: bool


def share(figures, key: str, baseline: str) -> float:
    """``key``'s requests per second as a fraction of ``baseline``'s."""
    results = {figure.key: figure.result for figure in figures}
    base = results[baseline].requests_per_second
    return results[key].requests_per_second / base if base else 0.0


def evaluate(figures, exported, found, mixed=None) -> list[Goal]:
    return [
        *evaluate_requests(figures),
        *_place_page_query_goal(found["place_page_queries"]),
        *search_goals(found["search"]),
        *(mixed_goals(mixed) if mixed else []),
        *export_goals(exported),
    ]


def mixed_goals(mixed) -> list[Goal]:
    """Breaking news (benchmarks.mixed): readers keep hitting the cache while an editor writes,
    and the slowest of them are not much slower than without the writes."""
    read_only, during = mixed.read_only, mixed.mixed
    failed = [
        name
        for name, clean in (("read-only run", read_only.clean), ("mixed run", during.clean))
        if not clean
    ]
    if mixed.writes.errors or not mixed.writes.seconds:
        failed.append("editor's writes")
    note = f" (errors in {', '.join(failed)})" if failed else ""
    p99 = during.p99_ms / read_only.p99_ms if read_only.p99_ms else float("inf")
    return [
        Goal(
            f"Breaking news: at least {MIXED_HIT_RATIO:.0%} of readers' answers from the cache "
            f"while an editor writes every {mixed.write_every:g} s",
            f"{during.hit_ratio:.1%}{note}",
            during.hit_ratio >= MIXED_HIT_RATIO and not failed,
        ),
        Goal(
            f"Breaking news: readers' p99 within {MIXED_P99:g}× the read-only run's",
            f"{p99:.2f}× ({during.p99_ms:.1f} ms against {read_only.p99_ms:.1f} ms){note}",
            p99 <= MIXED_P99 and not failed,
        ),
    ]


def evaluate_requests(figures) -> list[Goal]:
    """The targets on requests whose figures were measured (``--only`` measures some)."""
    results = {figure.key: figure.result for figure in figures}
    return _request_goals(figures, results)


def _request_goals(figures, results) -> list[Goal]:
    def goal(target: str, reached: str, ok: bool, *keys: str) -> Goal:
        """A goal is met only if every run behind it was free of errors."""
        failed = [key for key in keys if not results[key].clean]
        note = f" (errors in {', '.join(failed)})" if failed else ""
        return Goal(target, reached + note, ok and not failed)

    goals = []
    for suffix, variant, wanted in (
        ("", "", API_SHARE),
        ("_uncached", ", caches off", API_MISS_SHARE),
    ):
        if f"app_api{suffix}" not in results:
            continue
        api, floor = results[f"app_api{suffix}"], results["floor_api"]
        api_share = share(figures, f"app_api{suffix}", "floor_api")
        p99 = api.p99_ms / floor.p99_ms if floor.p99_ms else float("inf")
        place_cost = _cost(share(figures, f"app_place_page{suffix}", f"app_api{suffix}"))
        goals += [
            goal(
                f"Claims API{variant}: at least {wanted:.0%} of the floor's req/s",
                f"{api_share:.0%}",
                api_share >= wanted,
                f"app_api{suffix}",
                "floor_api",
            ),
            goal(
                f"Claims API{variant}: p99 within {API_P99:g}× the floor's",
                f"{p99:.1f}×",
                p99 <= API_P99,
                f"app_api{suffix}",
                "floor_api",
            ),
            goal(
                f"Place page{variant}: at most {PLACE_PAGE_COST:g}× the API page for the same "
                "place",
                f"{place_cost:.1f}×",
                place_cost <= PLACE_PAGE_COST,
                f"app_place_page{suffix}",
                f"app_api{suffix}",
            ),
        ]
    if "app_api_uncached" in results and "datasette" in results:
        ahead = share(figures, "app_api_uncached", "datasette")
        goals.append(
            goal(
                "Claims API, caches off: more req/s than Datasette serving the same rows",
                f"{ahead:.2f}×",
                ahead > 1,
                "app_api_uncached",
                "datasette",
            )
        )
    if "app_api_304" not in results:
        return goals
    not_modified = share(figures, "app_api_304", "floor_api")
    deep_cost = _cost(share(figures, "app_api_deep", "app_api_first"))
    return [
        *goals,
        goal(
            f"If-None-Match repeat: at least {NOT_MODIFIED_SHARE:.0%} of the floor's req/s",
            f"{not_modified:.0%}",
            not_modified >= NOT_MODIFIED_SHARE,
            "app_api_304",
            "floor_api",
        ),
        goal(
            f"API page 4,000 deep (caches off): at most {DEEP_PAGE_COST:g}× the first page",
            f"{deep_cost:.2f}×",
            deep_cost <= DEEP_PAGE_COST,
            "app_api_deep",
            "app_api_first",
        ),
    ]


def _cost(share_of_baseline: float) -> float:
    """Time per request relative to the baseline's, at the same concurrency."""
    return 1 / share_of_baseline if share_of_baseline else float("inf")


def _place_page_query_goal(places) -> list[Goal]:
    counts = {place["queries"] for place in places}
    reached = ", ".join(f"{p['queries']} at {p['claims']:,} claims" for p in places)
    return [
        Goal("Place page: same query count at ~10 and ~10,000 claims", reached, len(counts) == 1)
    ]


def search_goals(search) -> list[Goal]:
    rare, fuzzy = search["rare"], search["fuzzy"]
    return [
        Goal(
            "Search: EXPLAIN shows the GIN index in use (rare word)",
            "yes" if rare["gin_index_used"] else "no",
            rare["gin_index_used"],
        ),
        Goal(
            f"Search: a rare word under {RARE_SEARCH_MS:g} ms of database time",
            f"{rare['db_ms']:.2f} ms",
            rare["db_ms"] < RARE_SEARCH_MS,
        ),
        Goal(
            f"Search: a misspelt name under {FUZZY_SEARCH_MS:g} ms of database time",
            f"{fuzzy['db_ms']:.2f} ms",
            fuzzy["db_ms"] < FUZZY_SEARCH_MS,
        ),
    ]


def export_goals(exported) -> list[Goal]:
    goals = []
    for figure in exported:
        served, copy = figure.served, figure.copy
        where = f"{figure.format.upper()} at {figure.claims:,} claims"
        failed = f" ({served.error})" if served.error else ""
        goals.append(
            Goal(
                f"Export {where}: worker peak memory grows by at most {EXPORT_GROWTH_MB} MB",
                f"{served.growth_mb:.1f} MB{failed}",
                served.growth_mb <= EXPORT_GROWTH_MB and not served.error,
            )
        )
        throughput = copy.seconds / served.seconds if served.seconds else 0.0
        wanted = COPY_SHARE[figure.format]
        goals.append(
            Goal(
                f"Export {where}: at least {wanted:.0%} of COPY's throughput",
                f"{throughput:.0%}{failed}",
                throughput >= wanted and not served.error,
            )
        )
    return goals
