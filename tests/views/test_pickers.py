"""The desk's type-ahead pickers (claims.views.pickers): the fragments htmx asks for, found by a
few words among many sources and claims in a fixed number of queries, keeping what was ticked."""

import pytest
from django.urls import reverse

from claims.models import Claim, Source

pytestmark = pytest.mark.django_db


def test_evidence_is_found_by_words_from_its_title_or_publisher(
    client, editor, picker_desk, django_assert_num_queries
):
    client.force_login(editor)
    ticked = Source.objects.order_by("pk").first().pk
    # 1 session, 2 user, 3 user's permissions, 4 group permissions, 5 the sources ticked
    # before, 6 the sources matching, with their publishers.
    with django_assert_num_queries(6):
        response = client.get(
            reverse("claims:pick_sources"), {"evidence_q": "report 97", "evidence": ticked}
        )
    text = response.text
    assert "Report 97 on the front — Wire agency (independent)" in text
    assert "news47.example.org" in text  # enough to tell two reports apart
    assert f'value="{ticked}" checked' in text  # a source ticked before stays ticked
    assert text.count('name="evidence"') == 2

    found = client.get(reverse("claims:pick_sources"), {"evidence_q": "wire report 13"})
    assert "Report 13 on the front" in found.text
    assert found.text.count('name="evidence"') <= 20


def test_answerable_claims_are_found_by_words_about_the_same_place(
    client, editor, picker_desk, django_assert_num_queries
):
    client.force_login(editor)
    claim = picker_desk
    params = {"answers_q": "number 49", "place": "town", "exclude": claim.pk}
    # 1 session, 2 user, 3 user's permissions, 4 group permissions, 5 the place, 6 the claims
    # matching with their place, claimant and sides.
    with django_assert_num_queries(6):
        response = client.get(reverse("claims:pick_claims"), params)
    text = response.text
    assert 'name="answers"' in text and "1 claim found" in text
    wanted = Claim.objects.get(summary="Claim number 49 about the town.")
    assert f'value="{wanted.pk}"' in text
    assert "Claim number 48 about" not in text  # 48 is about the other place
