"""Pickers that scale (claims.pickers): with 10,000 sources and 50,000 claims the verify and edit
pages stay small and run a fixed number of queries, and without JavaScript the desk's Find
buttons search as the type-ahead does (its views: tests/views/test_pickers.py)."""

import pytest
from django.urls import reverse

from claims.choices import Status
from claims.models import Source
from tests.datasets import build_desk

pytestmark = pytest.mark.django_db

N_SOURCES, N_CLAIMS = 10_000, 50_000


@pytest.fixture
def big_desk(russia, ukraine):
    return build_desk(russia, ukraine, N_SOURCES, N_CLAIMS)


def test_the_verify_and_edit_pages_stay_small_with_10000_sources_and_50000_claims(
    client, editor, big_desk, django_assert_num_queries
):
    client.force_login(editor)
    claim = big_desk
    # 1 session, 2 user, 3 user's permissions, 4 group permissions, 5 the claim with its
    # place, claimant, sides and verification, 6 its citations with their sources, 7 the ids of
    # the place's latest sources, 8 those sources with their publishers, 9 the actors offered
    # as the verifier, 10 the actors offered as the publisher of a new source.
    with django_assert_num_queries(10):
        verify = client.get(reverse("claims:claim_verify", args=[claim.pk]))
    assert verify.status_code == 200
    assert len(verify.content) < 100_000

    # 1 session, 2 user, 3 user's permissions, 4 group permissions, 5 the claim with its
    # related rows, 6 its citations (prefetched), 7 the citations as the form's rows, 8 the
    # claimants offered, 9 the places offered, 10 the sides offered. Answerable claims are
    # not listed: they are searched for.
    with django_assert_num_queries(10):
        edit = client.get(reverse("claims:claim_edit", args=[claim.pk]))
    assert edit.status_code == 200
    assert len(edit.content) < 100_000

    # 1 session, 2 user, 3 user's permissions, 4 group permissions, 5 the place asked for
    # (?place=), 6 the claimants, 7 the places, 8 the sides, 9 the regions for a new place,
    # 10 the sides a new claimant may speak for.
    with django_assert_num_queries(10):
        new = client.get(reverse("claims:claim_new"))
    assert len(new.content) < 100_000


def test_without_javascript_find_lists_the_matches_and_saves_nothing(client, editor, picker_desk):
    client.force_login(editor)
    claim = picker_desk
    verifications = claim.verifications.count()
    response = client.post(
        reverse("claims:claim_verify", args=[claim.pk]),
        {
            "version": claim.version,
            "status": Status.DISPUTED,
            "rationale": "Typed before searching.",
            "evidence_q": "report 43",
            "find": "evidence",
        },
    )
    assert response.status_code == 200
    assert "Report 43 on the front" in response.text
    assert "Typed before searching." in response.text
    assert claim.verifications.count() == verifications
    assert '<label for="id_evidence_q">Find a source on file</label>' in response.text

    source = Source.objects.get(title="Report 43 on the front")
    response = client.post(
        reverse("claims:claim_verify", args=[claim.pk]),
        {
            "version": claim.version,
            "status": Status.DISPUTED,
            "rationale": "Typed before searching.",
            "evidence": [source.pk],
            "evidence_source_kind": "article",
        },
    )
    assert response.status_code == 302
    assert list(claim.verifications.latest("recorded_at").evidence.all()) == [source]
