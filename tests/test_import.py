"""Import from the export's CSV: every bad row reported, all-or-nothing, idempotent, round trip."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from claims import exports
from claims.imports import import_file
from claims.models import Actor, Claim, Place, Side, Source
from claims.representations import Links

pytestmark = pytest.mark.django_db


def export_text() -> str:
    chunks = exports.csv_chunks(Claim.objects.all(), Links("http://testserver/"))
    return "".join(chunks).removeprefix("\ufeff")


def snapshot():
    """The claims as content, independent of ids and timestamps of this database."""
    return sorted(
        (
            c.claimant.slug,
            c.claimant.side.slug if c.claimant.side_id else "",
            c.place.slug,
            c.verb,
            c.side.slug if c.side_id else "",
            c.stated_at,
            c.stated_precision,
            c.effective_at,
            c.effective_precision,
            c.quote,
            c.language,
            c.summary,
            c.status,
            c.answers.claimant.slug if c.answers_id else "",
            tuple(sorted(x.source.url or x.source.title for x in c.citations.all())),
        )
        for c in Claim.objects.shown()
    )


class Discard(Exception):
    pass


def demo_exported() -> tuple[str, list]:
    """The demo's claims as an export file and as stored, with the database left empty."""
    from claims import demo

    try:
        with transaction.atomic():
            demo.load()
            text, original = export_text(), snapshot()
            raise Discard
    except Discard:
        pass
    assert not Claim.objects.exists() and not Side.objects.exists()
    return text, original


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


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


def text_of(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def line_of(rows, index):
    """The file line record ``index`` starts on (cells may hold line breaks)."""
    return 1 + sum(text_of([row]).count("\n") for row in rows[:index])


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


def test_a_wrong_header_is_refused(db):
    report = import_file(io.StringIO("id,place,verb\r\n1,soledar,captured\r\n"), source_name="x")
    assert report.errors[0][0] == 1
    assert "missing" in report.errors[0][1]


def test_line_numbers_count_multi_line_cells(demo_data):
    rows = rows_of(export_text())
    col = rows[0].index
    for row in rows[1:]:
        row[col("place")] = f"other-{row[col('place')]}"
    rows[1][col("quote")] = "first line\nsecond line\nthird line"
    rows[2][col("verb")] = "annexed"
    report = import_file(io.StringIO(text_of(rows)), source_name="lines.csv")
    assert report.errors[0][0] == line_of(rows, 2)
    assert line_of(rows, 2) >= 4  # the header, then a record of at least three lines


def test_the_command_reports_and_dry_runs(demo_data, tmp_path, capsys):
    path = tmp_path / "claims.csv"
    rows = rows_of(export_text())
    col = rows[0].index
    for row in rows[1:]:
        row[col("place")] = f"dry-{row[col('place')]}"
    path.write_text("\ufeff" + text_of(rows), encoding="utf-8")
    before = Claim.objects.count()
    call_command("import_claims", str(path), "--dry-run")
    assert "Would create" in capsys.readouterr().out
    assert Claim.objects.count() == before
    call_command("import_claims", str(path))
    assert Claim.objects.count() == 2 * before

    rows[1][col("verb")] = "annexed"
    path.write_text(text_of(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_claims", str(path))
    assert f"line {line_of(rows, 1)}:" in capsys.readouterr().err


def test_a_file_that_is_not_utf8_is_a_clear_command_error(tmp_path, db):
    from django.core.management import CommandError, call_command

    path = tmp_path / "claims.csv"
    path.write_bytes("id,place\n1,Соледар\n".encode("cp1251"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_claims", str(path))


# --- Richer rows, and nothing changed quietly -----------------------------------------------

HEADER = (
    "place,place_name,claimant,claimant_name,claimant_side,verb,side,stated_at,summary,"
    "claimant_organisation,claimant_organisation_name,place_other_names,"
    "place_other_name_languages,place_other_name_kinds,citation_urls,citation_titles,"
    "citation_publishers,citation_publisher_names,citation_publisher_sides,"
    "citation_published_at\n"
)


def one_row(**overrides) -> str:
    values = {
        "place": "avdiivka",
        "place_name": "Avdiivka",
        "claimant": "oleksandr-syrskyi",
        "claimant_name": "Oleksandr Syrskyi",
        "claimant_side": "ukraine",
        "verb": "withdrew",
        "side": "ukraine",
        "stated_at": "2024-02-17T00:00:00+00:00",
        "summary": "The commander-in-chief announced the withdrawal.",
        "claimant_organisation": "armed-forces-of-ukraine",
        "claimant_organisation_name": "Armed Forces of Ukraine",
        "place_other_names": "Авдіївка\nАвдеевка",
        "place_other_name_languages": "uk\nru",
        "place_other_name_kinds": "official\ntransliteration",
        "citation_urls": "https://example.org/syrskyi",
        "citation_titles": "Syrskyi on Avdiivka",
        "citation_publishers": "reuters",
        "citation_publisher_names": "Reuters",
        "citation_publisher_sides": "",
        "citation_published_at": "2024-02-17",
    }
    values.update(overrides)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values.values())
    return HEADER + buffer.getvalue()


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


def test_an_actor_with_another_side_on_file_is_refused(ukraine, russia):
    from tests.factories import ActorFactory

    ActorFactory(slug="reuters", side=russia)
    ((_, message),) = import_file(io.StringIO(one_row()), source_name="side.csv").errors
    assert "“reuters” is on file as speaking for russia, not independent" in message
