"""The fixed vocabularies (claims.choices): their stored values are the ones the CSV format's
documentation lists, every status has its rank among verdicts, and no status both supports
and refutes a claim."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from claims import choices
from claims.choices import Status

DOCUMENTED = [
    ("place_kind", choices.PlaceKind),
    ("place_other_name_kinds", choices.NameKind),
    ("claimant_kind", choices.ActorKind),
    ("verb", choices.Verb),
    ("stated_precision", choices.Precision),
    ("status", choices.Status),
    ("evidence_kind", choices.EvidenceKind),
]


def documented_values(column: str) -> list[str]:
    """The values the first row for ``column`` in docs/csv-format.md lists, in its order."""
    doc = (Path(settings.BASE_DIR) / "docs" / "csv-format.md").read_text()
    row = re.search(rf"^\| `{column}` \|(.*)\|$", doc, re.MULTILINE)
    assert row, column
    listed = re.sub(r"\(see [^)]*\)", "", row.group(1))  # a note may name other things
    return re.findall(r"`([a-z_]+)`", listed)


@pytest.mark.parametrize(("column", "vocabulary"), DOCUMENTED, ids=[c for c, _ in DOCUMENTED])
def test_the_stored_values_are_the_documented_ones(column, vocabulary):
    assert documented_values(column) == vocabulary.values


def test_every_status_has_one_rank_among_verdicts():
    assert sorted(choices.VERDICT_PRIORITY) == sorted(Status)
    assert len(set(choices.VERDICT_PRIORITY)) == len(Status)


def test_no_status_both_supports_and_refutes_and_bookkeeping_does_neither():
    judging = choices.SUPPORTING_STATUSES | choices.REFUTING_STATUSES
    assert not choices.SUPPORTING_STATUSES & choices.REFUTING_STATUSES
    assert not choices.BOOKKEEPING_STATUSES & judging


def test_a_verdict_needing_independent_evidence_is_one_that_supports_the_claim():
    assert choices.STATUSES_NEEDING_INDEPENDENT_EVIDENCE <= choices.SUPPORTING_STATUSES
    assert not choices.QUEUE_STATUSES - choices.BOOKKEEPING_STATUSES
