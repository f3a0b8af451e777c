"""A long import does not hold up other writes: it plans without locks and holds the version
lock only for a short write at its end, so writers posting meanwhile never wait past
DATABASE_LOCK_TIMEOUT (which would answer 503) and the import ends as it would alone."""

import io
import os
import threading
import time

import pytest
from django.db import connection

from claims import pictures, services
from claims.imports import import_file, planner
from claims.models import Claim, Place, PlaceState
from claims.synthetic import claims_csv

pytestmark = pytest.mark.django_db

# 50,000 rows take minutes on a shared 2-core machine, too long for a suite run on every push:
# the test imports 5,000 by default, which exercises the same path (the lock is held only around
# the commit, whatever the size). IMPORT_CONCURRENCY_ROWS=50000 runs the size issue 13 names;
# `make reliability` always does, against gunicorn (scripts/reliability/imports.py).
ROWS = int(os.environ.get("IMPORT_CONCURRENCY_ROWS", "5000"))
WRITERS = 10


def imported_claims(prefix: str):
    """The content of the claims the file made, as the file states it."""
    return sorted(
        (
            c.place.slug,
            c.claimant.slug,
            c.verb,
            c.side.slug if c.side_id else "",
            c.stated_at,
            c.summary,
            c.status,
            c.citations.get().source.url,
        )
        for c in Claim.objects.filter(place__slug__startswith=f"{prefix}-")
        .shown()
        .prefetch_related("citations__source")
    )


def expected_claims(text: str):
    import csv

    return sorted(
        (
            row["place"],
            row["claimant"],
            row["verb"],
            row["side"],
            Claim._meta.get_field("stated_at").to_python(row["stated_at"]),
            row["summary"],
            row["status"] or "unreviewed",
            row["citation_urls"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_writers_posting_during_a_big_import_neither_wait_nor_fail(
    token_for, editor, russian_actor
):
    text = claims_csv(rows=ROWS, prefix="bulk")
    places = [
        services.place_create(name=f"Writer town {n}", kind="town", slug=f"writer-town-{n}")
        for n in range(WRITERS)
    ]
    done = threading.Event()
    answers: list[tuple[int, float, int | None]] = []  # status, seconds, claim id
    report = {}

    def importer():
        try:
            report["import"] = import_file(io.StringIO(text), source_name="bulk.csv")
        finally:
            done.set()
            connection.close()

    def writer(n: int):
        client = token_for(editor)
        client.raise_request_exception = False
        sent = 0
        try:
            while not done.is_set() or sent < 3:
                sent += 1
                started = time.monotonic()
                response = client.post(
                    "/api/v1/claims/",
                    {
                        "place": places[n].slug,
                        "claimant": russian_actor.slug,
                        "verb": "holds",
                        "side": russian_actor.side.slug,
                        "stated_at": f"2024-03-01T{sent // 60 % 24:02d}:{sent % 60:02d}:00Z",
                        "summary": f"Writer {n}, claim {sent}.",
                        "citations": [{"url": f"https://example.org/writer/{n}/{sent}"}],
                        # The writers repeat a claimant, place and day on purpose.
                        "allow_duplicate": True,
                    },
                    format="json",
                )
                answers.append(
                    (
                        response.status_code,
                        time.monotonic() - started,
                        response.json().get("id") if response.status_code == 201 else None,
                    )
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=importer)]
    threads += [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    outcome = report["import"]
    assert outcome.ok, outcome.errors[:5]
    assert outcome.created == ROWS
    # No writer met a server error. A writer that waited longer than the lock timeout gets a
    # clean 503 instead: here the import and the writers share one Python process (and its
    # interpreter lock) on a loaded machine, so a wait is counted and shown, not failed on; the
    # reliability check, with gunicorn in processes of its own, fails on any wait past 5 s.
    statuses = {status for status, _, _ in answers}
    assert statuses <= {201, 503}, sorted(statuses)
    assert 201 in statuses
    # No acknowledged write was lost, and the import's rows are exactly the file's.
    acknowledged = {claim_id for _, _, claim_id in answers if claim_id is not None}
    assert set(Claim.objects.filter(pk__in=acknowledged).values_list("pk", flat=True)) == (
        acknowledged
    )
    assert imported_claims("bulk") == expected_claims(text)
    touched = list(Place.objects.filter(slug__startswith="bulk-").values_list("pk", flat=True))
    computed = pictures.compute(touched)
    for state in PlaceState.objects.filter(place_id__in=touched):
        assert state.picture == pictures.picture.to_json(computed[state.place_id])
    print(
        f"\nimport of {ROWS} rows with {WRITERS} writers: {len(answers)} writes, "
        f"longest {max(seconds for _, seconds, _ in answers):.2f} s, "
        f"{sum(status == 503 for status, _, _ in answers)} × 503"
    )


def first_place(text: str) -> str:
    import csv

    return next(csv.DictReader(io.StringIO(text)))["place"]


def racing(monkeypatch, race):
    """Runs ``race`` once, after the import's first plan and before it writes."""
    original = planner.Planner.prepare
    attempts = []

    def prepare_then_race(planner):
        original(planner)
        attempts.append(planner)
        if len(attempts) == 1:
            race()

    monkeypatch.setattr(planner.Planner, "prepare", prepare_then_race)
    return attempts


@pytest.mark.postgres_only
def test_a_place_changed_between_planning_and_writing_is_planned_again(monkeypatch):
    """On PostgreSQL the import plans without any lock (on SQLite its transaction holds the
    database's write lock throughout, so nothing can change meanwhile)."""
    text = claims_csv(rows=20, prefix="raced")
    slug = first_place(text)
    place = services.place_create(name="Before", slug=slug, kind="town")

    def rename():
        place.name = "Renamed meanwhile"
        services.catalogue_save(instance=place)

    attempts = racing(monkeypatch, rename)
    report = import_file(io.StringIO(text), source_name="raced.csv")
    assert report.ok, report.errors
    assert (len(attempts), report.created) == (2, 20)
    assert Place.objects.get(slug=slug).name == "Renamed meanwhile"


@pytest.mark.postgres_only
def test_a_place_another_write_creates_meanwhile_is_used_not_refused(monkeypatch):
    text = claims_csv(rows=20, prefix="raced")
    slug = first_place(text)
    attempts = racing(
        monkeypatch, lambda: services.place_create(name="Made meanwhile", slug=slug, kind="town")
    )
    report = import_file(io.StringIO(text), source_name="raced.csv")
    assert report.ok, report.errors
    assert (len(attempts), report.created) == (2, 20)
    assert Place.objects.get(slug=slug).claims.count() >= 1
