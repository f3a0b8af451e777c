"""claims.shown_claims: the claims a picture names, read by one compiled query, are the records
``Claim.objects.shown()`` would load, with the columns pages read of them."""

import pytest

from claims import sentences, services, shown_claims
from claims.choices import Status, Verb
from claims.models import Claim
from tests.factories import ActorFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_shown_claims_are_the_records_select_related_reads(
    bakhmut, russian_actor, ukrainian_actor, russia, django_assert_num_queries
):
    unit = ActorFactory(name="3rd brigade", side=ukrainian_actor.side, parent=ukrainian_actor)
    taken = ClaimFactory(place=bakhmut, claimant=russian_actor)
    denial = ClaimFactory(
        place=bakhmut, claimant=unit, verb=Verb.DENIED, side=russia, answers=taken
    )
    services.verification_record(
        claim=taken,
        expected_version=taken.version,
        status=Status.DISPUTED,
        rationale="Imagery shows no change.",
        verifier=ActorFactory(name="Imagery provider", side=None, kind="imagery_provider"),
    )
    ids = [taken.pk, denial.pk]
    with django_assert_num_queries(1):
        shown = shown_claims.shown_claims(ids)
    expected = Claim.objects.shown().in_bulk(ids)
    assert shown.keys() == expected.keys()
    for pk, claim in shown.items():
        # What the picture box, the sentence and the dispute lines read: no deferred column.
        with django_assert_num_queries(0):
            assert _fields(claim, "") == _fields(expected[pk], "")
            for path, _model in shown_claims.SHOWN_RELATIONS:
                assert _related(claim, path) == _related(expected[pk], path)
                assert _fields(_related(claim, path), path) == _fields(
                    _related(expected[pk], path), path
                )
            assert claim.phrase == expected[pk].phrase
            assert claim.get_absolute_url() == expected[pk].get_absolute_url()
            assert sentences.said(claim) == sentences.said(expected[pk])
            assert claim.claimant.get_kind_display() == expected[pk].claimant.get_kind_display()
    assert "search_document" in shown[taken.pk].get_deferred_fields()


def test_shown_claims_past_the_compiled_number_read_the_same(disputed, bakhmut, monkeypatch):
    ids = [claim.pk for claim in disputed]
    compiled = shown_claims.shown_claims(ids)
    monkeypatch.setattr(shown_claims, "COMPILED_CLAIMS", 1)
    assert {pk: _fields(c, "") for pk, c in shown_claims.shown_claims(ids).items()} == {
        pk: _fields(c, "") for pk, c in compiled.items()
    }
    assert shown_claims.shown_claims([]) == {}


def _related(claim, path):
    record = claim
    for name in path.split("__"):
        record = getattr(record, name) if record is not None else None
    return record


def _fields(record, path):
    """The columns of ``record`` the picture's readers read (shown_claims.SHOWN_FIELDS)."""
    if record is None:
        return None
    return [getattr(record, name) for name in shown_claims.SHOWN_FIELDS[path]]
