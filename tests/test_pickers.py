"""Pickers that scale: with 10,000 sources and 50,000 claims the verify and edit pages stay
small and run a fixed number of queries, and the type-ahead finds what it should."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from claims.choices import Status, Verb
from claims.models import Citation, Claim, Source
from tests.factories import BASE_TIME, ActorFactory, PlaceFactory

pytestmark = pytest.mark.django_db

N_SOURCES, N_CLAIMS = 10_000, 50_000


def build_desk(russia, ukraine, n_sources: int, n_claims: int) -> Claim:
    """Sources and claims, half of the claims about one town, made by the database itself from
    a counter (only their number matters here); returns the town's newest claim."""
    town, elsewhere = PlaceFactory(slug="town"), PlaceFactory(slug="elsewhere")
    ru, ua = ActorFactory(side=russia), ActorFactory(side=ukraine)
    wire = ActorFactory(side=None, name="Wire agency", kind="news_organisation")
    now = timezone.now()
    insert_counted(
        n_sources,
        "claims_source (url, title, kind, publisher_id, published_at, language, archived_url,"
        " created_at, updated_at)",
        "'https://news' || (i %% 50) || '.example.org/report-' || i, 'Report ' || i ||"
        " ' on the front', 'article', CASE WHEN i %% 3 = 0 THEN %s ELSE %s END, %s, '', '', %s, %s",
        [ru.pk, wire.pk, BASE_TIME, now, now],
        [],
    )
    insert_counted(
        n_claims,
        "claims_claim (place_id, claimant_id, verb, side_id, stated_at, stated_precision,"
        " effective_at, effective_precision, quote, summary, language, status, version,"
        " search_document, recorded_at, updated_at, ambiguous, implied_control)",
        "CASE WHEN i %% 2 = 1 THEN %s ELSE %s END, CASE WHEN i %% 2 = 1 THEN %s ELSE %s END,"
        " CASE WHEN i %% 2 = 1 THEN %s ELSE %s END, CASE WHEN i %% 2 = 1 THEN %s ELSE %s END,"
        " %s, 'day', %s, 'day', '', 'Claim number ' || i || ' about the town.', '',"
        " 'unreviewed', 1, ' claim number ' || i || ' about the town ', %s, %s, %s, ''",
        [town.pk, elsewhere.pk, ru.pk, ua.pk, Verb.CAPTURED, Verb.HOLDS, russia.pk, ukraine.pk],
        [BASE_TIME, BASE_TIME, now, now, False],
    )
    cited = min(2_000, n_sources, n_claims // 2)
    sources = list(Source.objects.values_list("pk", flat=True)[:cited])
    claims = list(Claim.objects.filter(place=town).values_list("pk", flat=True)[:cited])
    Citation.objects.bulk_create(
        Citation(claim_id=c, source_id=s) for c, s in zip(claims, sources, strict=True)
    )
    return Claim.objects.filter(place=town).order_by("-pk").first()


def insert_counted(count: int, into: str, values: str, *params: list) -> None:
    """INSERT ``count`` rows whose ``values`` may use the counter ``i`` (0 … count - 1); a
    literal % is written %%, as both backends take %s placeholders."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE counter(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM counter"
            f" WHERE i < %s) INSERT INTO {into} SELECT {values} FROM counter",
            [count - 1, *(p for group in params for p in group)],
        )


@pytest.fixture
def big_desk(russia, ukraine):
    return build_desk(russia, ukraine, N_SOURCES, N_CLAIMS)


@pytest.fixture
def desk(russia, ukraine):
    """The same shape, small: enough for the searches to find and miss."""
    return build_desk(russia, ukraine, 10_000 // 100, 50_000 // 500)


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


def test_evidence_is_found_by_words_from_its_title_or_publisher(
    client, editor, desk, django_assert_num_queries
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
    client, editor, desk, django_assert_num_queries
):
    client.force_login(editor)
    claim = desk
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


def test_without_javascript_find_lists_the_matches_and_saves_nothing(client, editor, desk):
    client.force_login(editor)
    claim = desk
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
