"""What the benchmark requests, and the figures that come from Django itself.

Called by ``benchmarks.probe`` inside a configured Django process. Nothing here writes to the
benchmark database; the SQLite copy for Datasette is written beside it.
"""

import json
import sqlite3
import statistics
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import exports, exports_pg
from claims import representations as rep
from claims.api.views import ClaimList
from claims.choices import PlaceKind
from claims.models import Claim, Place
from claims.pagination import Cursor, KeysetPaginator
from claims.synthetic import COMMON_WORDS, RARE_WORDS

PAGE_SIZE = 50
DEEP_PAGE = 4000
PLACE_PAGE_CLAIMS = 100  # "a place with about 100 claims"
FEW_CLAIMS, MANY_CLAIMS = 10, 10_000  # the two sizes the place page's query count is compared at
SEARCH_WORDS = {"rare": RARE_WORDS[0], "common": COMMON_WORDS[0]}
# Transliteration variants a reader types for a town's name (Artemovsk for Artemivsk): the
# first pair found in the name is swapped.
SPELLING_VARIANTS = [("y", "i"), ("i", "y"), ("o", "a"), ("kh", "h")]
EXPLAIN_RUNS = 5
SEARCH_INDEX = "claim_search_vector_idx"


def request_targets(sqlite_path: Path) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    towns = claims_per_town()
    place = closest(towns, PLACE_PAGE_CLAIMS)
    api_place = api_claims_url(place=place, page_size=PAGE_SIZE)
    urls = {
        "api_place": api_place,
        "place_page": reverse("claims:place_detail", args=[place]),
        "api_first": api_claims_url(page_size=PAGE_SIZE),
        "api_deep": api_claims_url(page_size=PAGE_SIZE, cursor=deep_cursor()),
    }
    for name, word in search_words(towns).items():
        urls[f"search_{name}"] = search_url(word)
    if not sqlite_path.exists():
        write_sqlite_copy(sqlite_path)
    return {
        "place": {"slug": place, "claims": towns[place]},
        "urls": urls,
        "etag": client.get(api_place)["ETag"],
        "floor_routes": {
            f"/{name}": captured_sql(client, urls[name], cold=True)
            for name in ("api_place", "search_rare", "search_common")
        },
        "query_counts": {name: query_counts(client, url) for name, url in urls.items()},
        "place_page_queries": place_page_queries(client, towns),
        "search": search_targets(client, towns),
        "claims": Claim.objects.count(),
    }


MIXED_PLACES = 200
MIXED_EDITOR = "bench-editor"


def mixed_targets() -> dict:
    """The breaking-news run: 200 places, hottest first, the URLs readers ask about each, an
    editor's API token and the claim about the hottest place that the editor judges.

    Writes (an account and a token) to the copy of the benchmark database it runs against,
    never to the shared one (benchmarks.mixed makes the copy).
    """
    from django.contrib.auth.models import Group, Permission, User

    from claims import roles, services

    towns = claims_per_town()
    # The places nearest "about 100 claims", like the single-place figures; the hottest is the
    # one those figures use.
    chosen = sorted(towns, key=lambda slug: (abs(towns[slug] - PLACE_PAGE_CLAIMS), slug))
    chosen = chosen[:MIXED_PLACES]
    roles.ensure_groups(Group, Permission)
    editor, _ = User.objects.get_or_create(username=MIXED_EDITOR)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    _, token = services.api_token_create(user=editor, days=1)
    hot = Claim.objects.filter(place__slug=chosen[0]).order_by("-stated_at", "-id").first()
    return {
        "places": [
            {"slug": slug, "claims": towns[slug], "urls": place_urls(slug)} for slug in chosen
        ],
        "token": token,
        "claim": {"id": hot.pk, "version": hot.version},
        "verify_url": reverse("api:claim-verifications", kwargs={"version": "v1", "pk": hot.pk}),
    }


def place_urls(slug: str) -> list[str]:
    """What readers ask about one place: its page, card, feed, and its API answers."""
    return [
        reverse("claims:place_detail", args=[slug]),
        reverse("claims:embed_place", args=[slug]),
        reverse("claims:place_feed", args=[slug]),
        reverse("api:place-detail", kwargs={"version": "v1", "slug": slug}),
        api_claims_url(place=slug, page_size=PAGE_SIZE),
    ]


def search_targets(client: Client | None = None, towns: dict[str, int] | None = None) -> dict:
    """The search page's database time for a rare word, a common word and a misspelt name."""
    client = client or Client(HTTP_HOST="127.0.0.1")
    towns = towns if towns is not None else claims_per_town()
    return {
        name: search_figures(client, word, search_url(word))
        for name, word in search_words(towns).items()
    }


def search_words(towns: dict[str, int]) -> dict[str, str]:
    """SEARCH_WORDS, and a transliteration variant of the name of a town with ~10 claims."""
    name = Place.objects.get(slug=closest(towns, FEW_CLAIMS)).name
    return {**SEARCH_WORDS, "fuzzy": misspelt(name)}


def misspelt(name: str) -> str:
    for wrong, right in SPELLING_VARIANTS:
        if wrong in name[1:]:
            return name[0] + name[1:].replace(wrong, right, 1)
    return name


def search_url(word: str) -> str:
    return f"{reverse('claims:search')}?{urlencode({'q': word})}"


def export_targets() -> dict:
    town = Place.objects.filter(kind=PlaceKind.TOWN).order_by("id").values_list("slug", flat=True)
    return {
        "claims": Claim.objects.count(),
        "urls": {
            "csv": reverse("claims:export_claims_csv"),
            "jsonl": reverse("claims:export_claims_jsonl"),
        },
        "warm_query": urlencode({"place": town[0]}),
        "copy": copy_statements(),
    }


def api_claims_url(**parameters) -> str:
    return f"{reverse('api:claim-list', kwargs={'version': 'v1'})}?{urlencode(parameters)}"


def claims_per_town() -> dict[str, int]:
    rows = Claim.objects.values("place__slug").annotate(n=Count("id")).order_by()
    return {row["place__slug"]: row["n"] for row in rows}


def closest(counts: dict[str, int], wanted: int) -> str:
    return min(counts, key=lambda slug: (abs(counts[slug] - wanted), slug))


def deep_cursor() -> str:
    """The cursor a client holds after reading DEEP_PAGE - 1 pages, made from that row directly."""
    paginator = KeysetPaginator(ClaimList.order_field, descending=False, page_size=PAGE_SIZE)
    rows_before = (DEEP_PAGE - 1) * PAGE_SIZE
    ordered = Claim.objects.order_by(ClaimList.order_field, "id")
    last_seen = ordered.values(ClaimList.order_field, "id")[rows_before - 1]
    return Cursor(
        last_seen[ClaimList.order_field], last_seen["id"], False, paginator.ordering
    ).encode()


def captured_sql(client: Client, url: str, *, cold: bool = False) -> list[str]:
    """The SQL one request runs, in order, with its parameters in place; ``cold``: from an
    empty cache, so all of the SQL it takes to make the answer, none of it skipped by a hit."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return [query["sql"] for query in queries.captured_queries]


def query_counts(client: Client, url: str) -> dict[str, int]:
    """Queries for one request from an empty cache, then for the same request again."""
    cold = len(captured_sql(client, url, cold=True))
    return {"cold": cold, "warm": len(captured_sql(client, url))}


def place_page_queries(client: Client, towns: dict[str, int]) -> list[dict]:
    """The place page's query count for the towns nearest FEW_CLAIMS and MANY_CLAIMS claims."""
    found = []
    for wanted in (FEW_CLAIMS, MANY_CLAIMS):
        slug = closest(towns, wanted)
        url = reverse("claims:place_detail", args=[slug])
        found.append(
            {"slug": slug, "claims": towns[slug], "queries": len(captured_sql(client, url))}
        )
    return found


def search_figures(client: Client, word: str, url: str) -> dict:
    """Matches, database time (EXPLAIN ANALYZE, median of a few runs) and GIN index use; and,
    as the baseline, the same statements with index scans turned off (what the search would
    cost without its tsvector and trigram indexes), measured in the same run."""
    statements = [
        sql
        for sql in captured_sql(client, url, cold=True)
        if sql.lstrip().upper().startswith("SELECT")
    ]
    runs, baseline, plans = [], [], []
    for _ in range(EXPLAIN_RUNS):
        total = 0.0
        for statement in statements:
            plan = explain_analyze(statement)
            total += plan["Planning Time"] + plan["Execution Time"]
            plans.append(plan)
        runs.append(total)
        baseline.append(
            sum(
                plan["Planning Time"] + plan["Execution Time"]
                for plan in (explain_analyze(s, indexes=False) for s in statements)
            )
        )
    return {
        "word": word,
        "matches": Claim.objects.find(word).count(),
        "statements": len(statements),
        "db_ms": statistics.median(runs),
        "baseline_db_ms": statistics.median(baseline),
        "gin_index_used": any(SEARCH_INDEX in json.dumps(plan) for plan in plans),
    }


def explain_analyze(statement: str, *, indexes: bool = True) -> dict:
    with transaction.atomic(), connection.cursor() as cursor:
        if not indexes:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}")
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]


def copy_statements() -> dict[str, dict[str, str]]:
    """The COPY each export runs (claims/exports_pg.py), with its set-up, to be timed alone: the
    same SQL, so the same rows, columns and bytes (less the CSV header). Its links name a
    server on a five-digit port, as the bench's own are, so the sizes match too."""
    links = rep.links_for("http://127.0.0.1:50000/")
    claims = Claim.objects.all()
    return {
        name: {
            "set_up": connection.ops.compose_sql(exports_pg.SET_UP, copy.set_up_params()),
            "statement": connection.ops.compose_sql(copy.statement, copy.params),
        }
        for name, copy in (
            ("csv", exports_pg.csv_copy(claims, links)),
            ("jsonl", exports_pg.jsonl_copy(claims, links)),
        )
    }


def rendered_sql(queryset) -> str:
    query, params = queryset.query.sql_with_params()
    return connection.ops.compose_sql(query, params)


def write_sqlite_copy(path: Path) -> None:
    """The claim rows the API returns, flattened, in SQLite for Datasette."""
    columns = [column.replace("__", "_") for column in rep.CLAIM_COLUMNS]
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(partial) as database:
        others = ", ".join(column for column in columns if column != "id")
        database.execute(f"CREATE TABLE claims (id INTEGER PRIMARY KEY, {others})")
        insert = (
            f"INSERT INTO claims ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        for rows in exports.claim_batches(Claim.objects.all(), rep.CLAIM_COLUMNS):
            database.executemany(
                insert, [[_sqlite_value(row[c]) for c in rep.CLAIM_COLUMNS] for row in rows]
            )
        # The index the API's own query uses, so Datasette is not handicapped by a table scan.
        database.execute("CREATE INDEX claims_place_updated ON claims (place_slug, updated_at, id)")
    database.close()
    partial.rename(path)


def _sqlite_value(value):
    return value.isoformat() if isinstance(value, datetime) else value
