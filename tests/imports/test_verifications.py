"""claims.imports.verifications: dated verdicts, all or nothing, every problem reported,
idempotent, a round trip of the export."""

import csv
import io

import pytest
from django.core.management import call_command

from claims import exports, services
from claims.choices import Status
from claims.imports import bulk, import_verifications_file, planner
from claims.models import (
    Actor,
    Claim,
    Verification,
)
from claims.representations import Links
from tests.imports.samples import (
    COLUMNS,
    row,
)

pytestmark = pytest.mark.django_db


def test_a_dated_verdict_by_a_named_verifier_is_recorded(capture):
    report = import_verifications_file(io.StringIO(COLUMNS + row(capture)), source_name="v.csv")
    assert report.ok, report.errors
    verdict = capture.verifications.get(verifier__slug="isw")
    assert (verdict.status, verdict.decided_at.isoformat()) == (
        Status.PARTIALLY_CONFIRMED,
        "2023-01-13T23:00:00+00:00",
    )
    assert verdict.evidence.get().publisher.slug == "isw"
    capture.refresh_from_db()
    assert capture.status == Status.PARTIALLY_CONFIRMED  # decided after the newsroom's (21:30)


def test_the_verdict_decided_last_stands_whatever_the_order_of_the_file(capture):
    later = row(capture, decided_at="2023-01-15T12:00:00+00:00", status=Status.PARTIALLY_CONFIRMED)
    earlier = row(capture, decided_at="2023-01-14T12:00:00+00:00", status=Status.FALSE)
    report = import_verifications_file(io.StringIO(COLUMNS + later + earlier), source_name="v")
    assert report.ok, report.errors
    capture.refresh_from_db()
    assert capture.status == Status.PARTIALLY_CONFIRMED


def test_a_second_run_creates_nothing(capture):
    text = COLUMNS + row(capture)
    import_verifications_file(io.StringIO(text), source_name="v.csv")
    before = Verification.objects.count()
    report = import_verifications_file(io.StringIO(text), source_name="v.csv")
    assert (report.created, report.present) == (0, 1)
    assert Verification.objects.count() == before


def test_every_bad_row_is_reported_with_all_its_problems_and_nothing_is_written(capture):
    good = row(capture)
    unknown_claim = row(capture, claim_stated_at="2023-01-01T00:00:00+00:00")
    broken = row(capture, status="in_review", decided_at="soon", rationale="")
    before = Verification.objects.count()
    report = import_verifications_file(
        io.StringIO(COLUMNS + good + unknown_claim + broken), source_name="v.csv"
    )
    messages = dict(report.errors)
    assert set(messages) == {4}  # parsing stops the file before claims are looked up
    assert "status:" in messages[4] and "decided_at:" in messages[4] and "rationale:" in messages[4]
    report = import_verifications_file(io.StringIO(COLUMNS + good + unknown_claim), source_name="v")
    assert [line for line, _ in report.errors] == [3]
    assert "no claim by “igor-konashenkov”" in report.errors[0][1]
    assert Verification.objects.count() == before


def test_a_confirmation_without_independent_evidence_is_refused_by_the_desks_rule(capture):
    text = COLUMNS + row(
        capture,
        status=Status.CONFIRMED,
        evidence_publishers="russian-mod",
        evidence_publisher_names="",
    )
    ((_, message),) = import_verifications_file(io.StringIO(text), source_name="v").errors
    assert "independent" in message
    assert not Actor.objects.filter(slug="isw", verdicts__isnull=False).exists()


def test_export_then_import_recreates_every_verdict(capture, tmp_path):
    import_verifications_file(io.StringIO(COLUMNS + row(capture)), source_name="v.csv")
    text = "".join(
        exports.verification_csv_chunks(Verification.objects.all(), Links("http://testserver/"))
    )
    assert "in_review" not in text  # bookkeeping stays on the desk
    exported = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert any(r["verifier"] == "isw" for r in exported)
    path = tmp_path / "verifications.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_verifications", str(path), verbosity=0)  # all present: nothing new
    assert Verification.objects.filter(verifier__slug="isw").count() == 1


@pytest.mark.postgres_only
@pytest.mark.parametrize("late", [False, True])
def test_a_verdict_written_again_after_a_late_lock_raises_the_claims_version_once(
    demo_data, monkeypatch, late
):
    capture = Claim.objects.shown().get(claimant__slug="igor-konashenkov")
    before = capture.version
    begin = services.begin_bulk_write
    calls = []

    def late_once(**kwargs):
        calls.append(kwargs)
        if late and len(calls) == 1 and kwargs.get("stamp") is not None:
            return None  # another write committed a later time meanwhile: write it again
        return begin(**kwargs)

    monkeypatch.setattr(services, "begin_bulk_write", late_once)
    monkeypatch.setattr(bulk, "STAMP_AHEAD_S", 0)
    report = import_verifications_file(io.StringIO(COLUMNS + row(capture)), source_name="v.csv")
    assert report.ok, report.errors
    capture.refresh_from_db()
    verdict = capture.verifications.get(verifier__slug="isw")
    assert (capture.version, verdict.claim_version) == (before + 1, before + 1)


def test_verdicts_planned_a_batch_at_a_time_raise_each_claims_version_once_per_verdict(
    capture, monkeypatch
):
    """Batches of two rows: verdicts on one claim fall in different batches, and a repeated row
    in the next one; the claim is settled once, from every verdict, after the last."""
    monkeypatch.setattr(planner, "BATCH_ROWS", 2)
    before = capture.version
    history = capture.history.count()
    verdicts = [
        row(capture, decided_at=f"2023-01-1{day}T12:00:00+00:00", status=status)
        for day, status in [
            (4, Status.FALSE),
            (5, Status.DISPUTED),
            (6, Status.PARTIALLY_CONFIRMED),
        ]
    ]
    text = COLUMNS + verdicts[2] + verdicts[0] + verdicts[1] + verdicts[1]
    report = import_verifications_file(io.StringIO(text), source_name="v.csv")
    assert report.ok, report.errors
    assert (report.created, report.present) == (3, 1)
    capture.refresh_from_db()
    recorded = capture.verifications.filter(verifier__slug="isw").order_by("decided_at")
    assert [v.claim_version for v in recorded] == [before + 1, before + 2, before + 3]
    assert capture.version == before + 3
    assert (capture.status, capture.current_verification) == (
        Status.PARTIALLY_CONFIRMED,
        recorded.last(),
    )
    rows = capture.history.order_by("history_id")[history:]
    assert [(h.version, h.status, h.history_change_reason) for h in rows] == [
        (before + 1, Status.FALSE, "Verification: False"),
        (before + 2, Status.DISPUTED, "Verification: Disputed"),
        (before + 3, Status.PARTIALLY_CONFIRMED, "Verification: Partially confirmed"),
    ]
    assert rows[2].current_verification_id == recorded.last().pk


def test_the_rows_are_read_back_twice_checked_then_planned(capture, spool_passes):
    """The actors the rows name are gathered as the rows are parsed, not read back for."""
    later = row(capture, decided_at="2023-01-15T12:00:00+00:00", status=Status.FALSE)
    report = import_verifications_file(io.StringIO(COLUMNS + row(capture) + later), source_name="v")
    assert report.ok, report.errors
    assert report.created == 2
    assert spool_passes == [2, 2]


def test_each_rows_claim_is_looked_up_once_by_the_check_and_planned_in_its_order(
    capture, monkeypatch
):
    """The planner takes each row's claim from the check, batch by batch, in the same order."""
    from claims.imports import verifications

    monkeypatch.setattr(planner, "BATCH_ROWS", 2)
    lookups = []
    real = verifications._find_claims

    def find_claims(plans):
        lookups.append(len(plans))
        return real(plans)

    monkeypatch.setattr(verifications, "_find_claims", find_claims)
    verdicts = [
        row(capture, decided_at=f"2023-01-1{day}T12:00:00+00:00", status=status)
        for day, status in [
            (6, Status.PARTIALLY_CONFIRMED),
            (4, Status.FALSE),
            (5, Status.DISPUTED),
        ]
    ]
    report = import_verifications_file(io.StringIO(COLUMNS + "".join(verdicts)), source_name="v")
    assert report.ok, report.errors
    assert lookups == [2, 1]
    recorded = capture.verifications.filter(verifier__slug="isw").order_by("claim_version")
    assert [v.status for v in recorded] == [
        Status.FALSE,
        Status.DISPUTED,
        Status.PARTIALLY_CONFIRMED,
    ]
