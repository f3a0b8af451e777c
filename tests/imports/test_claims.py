"""claims.imports.claims: the claims import's own rules: a round trip of the export, idempotence,
every bad row reported, all or nothing, and what a row brings with it or may not change."""

import io

import pytest

from claims.imports import import_file
from claims.models import (
    Actor,
    Claim,
    Place,
    Side,
    Source,
)
from tests.imports.samples import (
    demo_exported,
    export_text,
    line_of,
    one_row,
    rows_of,
    snapshot,
    text_of,
)

pytestmark = pytest.mark.django_db


def test_export_then_import_into_an_empty_database_reproduces_the_claims(db):
    text, original = demo_exported()

    report = import_file(io.StringIO(text), source_name="demo.csv")
    assert report.ok, report.errors
    assert report.created == len(original)
    assert snapshot() == original


def test_importing_the_same_file_twice_creates_nothing_new(demo_data):
    text = export_text()
    counts = [m.objects.count() for m in (Claim, Place, Actor, Source, Side)]
    report = import_file(io.StringIO(text), source_name="again.csv")
    assert report.ok and report.created == 0 and report.present == Claim.objects.count()
    assert [m.objects.count() for m in (Claim, Place, Actor, Source, Side)] == counts


def test_a_denial_taking_its_side_from_the_claim_it_answers_is_found_again(ukraine, russia):
    # Reporters' denials seldom name a side: the file leaves it empty, the claim takes the
    # answered claim's, and a second import made a copy of each such denial.
    capture = (
        "id,place,place_name,claimant,claimant_name,claimant_side,verb,side,stated_at,summary,"
        "answers,citation_urls\n"
        "1,toretsk,Toretsk,russian-mod,Russian MoD,russia,captured,russia,"
        "2025-02-07T09:00:00+00:00,The ministry claimed the town.,,https://example.org/mod\n"
        "2,toretsk,Toretsk,nazar-voloshyn,Nazar Voloshyn,ukraine,denied,,"
        "2025-02-07T17:24:00+00:00,The spokesman denied it.,1,https://example.org/voloshyn\n"
    )
    first = import_file(io.StringIO(capture), source_name="toretsk.csv")
    assert first.ok and first.created == 2, first.errors
    assert Claim.objects.get(verb="denied").side == russia
    again = import_file(io.StringIO(capture), source_name="toretsk.csv")
    assert again.ok and (again.created, again.present) == (0, 2)


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(demo_data):
    rows = rows_of(export_text())
    header = rows[0]
    col = header.index
    rows[1][col("verb")] = "annexed"
    rows[2][col("stated_at")] = "13 January"
    rows[3][col("summary")] = "bell \x07"
    rows[4][col("place")] = "no spaces allowed"
    for row in rows[1:]:
        row[col("place")] = row[col("place")] if row is rows[4] else f"new-{row[col('place')]}"
    before = Place.objects.count()
    report = import_file(io.StringIO(text_of(rows)), source_name="bad.csv")
    lines = [line_of(rows, i) for i in range(1, 5)]
    assert [line for line, _ in report.errors] == lines
    messages = dict(report.errors)
    assert "verb" in messages[lines[0]] and "annexed" in messages[lines[0]]
    assert "stated_at" in messages[lines[1]]
    assert "control character" in messages[lines[2]]
    assert "not a slug" in messages[lines[3]]
    assert Place.objects.count() == before


def test_a_row_the_services_refuse_rolls_back_the_whole_file(demo_data):
    rows = rows_of(export_text())
    col = rows[0].index
    for row in rows[1:]:
        row[col("place")] = f"copy-{row[col('place')]}"
    capture = next(r for r in rows[1:] if r[col("verb")] == "captured")
    capture[col("side")] = ""  # "captured" without a side: the model refuses it
    line = line_of(rows, rows.index(capture))
    before = (Claim.objects.count(), Place.objects.count())
    report = import_file(io.StringIO(text_of(rows)), source_name="refused.csv")
    assert report.errors and report.errors[0][0] == line
    assert "needs the side it is about" in report.errors[0][1]
    assert (Claim.objects.count(), Place.objects.count()) == before


def test_a_row_brings_the_places_names_the_claimants_organisation_and_the_sources_publisher(
    ukraine,
):
    report = import_file(io.StringIO(one_row()), source_name="rich.csv")
    assert report.ok, report.errors
    claim = Claim.objects.select_related("claimant__parent").get()
    assert claim.claimant.parent.slug == "armed-forces-of-ukraine"
    assert {(n.name, n.language) for n in claim.place.names.all()} == {
        ("Авдіївка", "uk"),
        ("Авдеевка", "ru"),
    }
    source = claim.citations.get().source
    assert (
        source.publisher.slug,
        source.publisher.side,
        source.published_at.date().isoformat(),
    ) == (
        "reuters",
        None,
        "2024-02-17",
    )


def test_a_slug_not_on_file_is_an_error_unless_the_file_names_it(ukraine):
    text = one_row(place="avdeevka", place_name="", claimant_name="")
    report = import_file(io.StringIO(text), source_name="typo.csv")
    ((_, message),) = report.errors
    assert "place: no place “avdeevka” on file" in message
    assert "claimant: no actor “oleksandr-syrskyi” on file" in message  # every problem at once
    assert not Place.objects.exists()
    report = import_file(io.StringIO(text), source_name="typo.csv", create_missing=True)
    assert report.ok, report.errors
    assert Place.objects.get(slug="avdeevka")


def test_every_problem_of_a_row_is_reported(ukraine):
    text = one_row(verb="annexed", stated_at="yesterday", place_other_name_kinds="nickname\n")
    ((_, message),) = import_file(io.StringIO(text), source_name="bad.csv").errors
    assert "verb:" in message and "stated_at:" in message and "place_other_name_kinds:" in message


def test_a_publisher_that_differs_from_the_one_on_file_is_refused_not_dropped(ukraine):
    from tests.factories import ActorFactory, SourceFactory

    tass = ActorFactory(slug="tass", name="TASS", side=None)
    SourceFactory(url="https://example.org/syrskyi", publisher=tass)
    report = import_file(io.StringIO(one_row()), source_name="publisher.csv")
    ((_, message),) = report.errors
    assert "citation_publishers" in message and "on file as published by TASS" in message
    assert not Claim.objects.exists()
