"""claims.representations: resources as plain dicts from ``values()`` rows, the absolute links
they carry, and the control picture as the API gives it. The API's answers as a whole are
checked in tests/api/ and against tests/golden/; here are the builders' own guarantees."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import translation

from claims import picture, pictures
from claims import representations as rep
from claims.choices import Control
from claims.models import Claim, Place
from tests.factories import BASE_TIME, CitationFactory, ClaimFactory

BASE = "https://claims.example.org"


def claim_rows(*claims):
    return list(
        Claim.objects.filter(pk__in=[c.pk for c in claims])
        .order_by("pk")
        .values(*rep.CLAIM_COLUMNS)
    )


def place_rows(*places):
    return list(
        Place.objects.filter(pk__in=[p.pk for p in places])
        .order_by("pk")
        .values(*rep.PLACE_COLUMNS)
    )


# --- Links -----------------------------------------------------------------------------------


def test_links_end_where_an_id_or_slug_is_appended_to_give_the_reversed_address():
    links = rep.Links(BASE + "/")
    assert links.base == BASE
    assert links.claim_page + "7/" == BASE + reverse("claims:claim_detail", args=[7])
    assert links.place_page + "bakhmut/" == BASE + reverse("claims:place_detail", args=["bakhmut"])
    api = {"version": "v1"}
    assert links.claim_api + "7/" == BASE + reverse("api:claim-detail", kwargs={**api, "pk": 7})
    assert links.place_api + "bakhmut/" == BASE + reverse(
        "api:place-detail", kwargs={**api, "slug": "bakhmut"}
    )
    assert links.actor_api + "isw/" == BASE + reverse(
        "api:actor-detail", kwargs={**api, "slug": "isw"}
    )
    assert links.source_api + "3/" == BASE + reverse("api:source-detail", kwargs={**api, "pk": 3})
    assert links.claim_list == BASE + reverse("api:claim-list", kwargs=api)


def test_data_links_to_plain_page_addresses_whatever_the_language_it_is_read_in():
    with translation.override("uk"):
        links = rep.Links(BASE + "/")
    assert links.claim_page == BASE + "/claims/"
    assert links.place_page == BASE + "/places/"


def test_the_links_of_a_site_address_are_made_once():
    assert rep.links_for(BASE) is rep.links_for(BASE)
    assert rep.links_for(BASE) is not rep.links_for("https://mirror.example.org")


# --- Resources -------------------------------------------------------------------------------


def test_no_rows_make_no_dicts_and_no_queries(db, django_assert_num_queries):
    links = rep.links_for(BASE)
    with django_assert_num_queries(0):
        assert rep.claim_dicts([], links) == []
        assert rep.verification_dicts([], links) == []
        assert rep.actor_dicts([], links) == []
        assert rep.source_dicts([], links) == []


def test_claims_come_with_their_citations_in_one_query_whatever_their_number(
    disputed, django_assert_num_queries
):
    taken, held = disputed
    cited = CitationFactory(claim=taken)
    rows = claim_rows(taken, held)
    with django_assert_num_queries(1):  # the citations of every claim
        made = rep.claim_dicts(rows, rep.links_for(BASE))
    assert [c["id"] for c in made] == [taken.pk, held.pk]
    assert made[0]["url"] == f"{rep.links_for(BASE).claim_api}{taken.pk}/"
    assert made[0]["page_url"] == f"{rep.links_for(BASE).claim_page}{taken.pk}/"
    assert len(made[0]["citations"]) == 1
    assert cited.source.url in str(made[0]["citations"][0])
    assert made[1]["citations"] == []


def test_a_place_with_no_stored_picture_gives_the_empty_one(bakhmut):
    (made,) = rep.place_dicts(place_rows(bakhmut), rep.links_for(BASE))
    assert made["slug"] == "bakhmut"
    assert made["picture"] == rep.picture_dict(picture.EMPTY, None, rep.PictureSlugs([]))
    assert made["picture"]["positions"] == [] and not made["picture"]["contested"]


def test_a_places_picture_names_sides_by_slug_and_claims_by_id(disputed, bakhmut):
    taken, held = disputed
    (made,) = rep.place_dicts(place_rows(bakhmut), rep.links_for(BASE))
    shown = made["picture"]
    assert shown["as_of"] is None
    assert shown["contested"] is True
    assert [(p["side"], p["control"], p["claims"]) for p in shown["positions"]] == [
        ("russia", Control.FULL, [taken.pk]),
        ("ukraine", Control.FULL, [held.pk]),
    ]
    assert shown["last_statement_at"] == held.stated_at


# --- Pictures --------------------------------------------------------------------------------


def test_slugs_for_no_pictures_need_no_queries(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        slugs = rep.PictureSlugs([])
    assert (slugs.sides, slugs.actors) == ({}, {})


def test_slugs_for_pictures_naming_no_actor_read_only_the_sides(
    disputed, bakhmut, russia, ukraine, django_assert_num_queries
):
    item = pictures.place_picture(bakhmut)
    with django_assert_num_queries(1):
        slugs = rep.PictureSlugs([item])
    assert slugs.sides == {russia.pk: "russia", ukraine.pk: "ukraine"}
    assert slugs.actors == {}


def test_an_independent_assessment_names_its_actor_by_slug(
    bakhmut, russian_actor, independent_actor
):
    ClaimFactory(place=bakhmut, claimant=russian_actor, stated_at=BASE_TIME)
    assessed = ClaimFactory(
        place=bakhmut,
        claimant=independent_actor,
        side=russian_actor.side,
        stated_at=BASE_TIME + timedelta(hours=3),
    )
    item = pictures.place_picture(bakhmut)
    shown = rep.picture_dict(item, date(2023, 1, 13), rep.PictureSlugs([item]))
    assert shown["as_of"] == date(2023, 1, 13)
    assert shown["independent"] == [
        {
            "actor": independent_actor.slug,
            "claim": assessed.pk,
            "stated_at": assessed.stated_at,
            "status": assessed.status,
        }
    ]


def test_a_side_or_actor_the_slugs_do_not_know_is_given_as_null(disputed, bakhmut):
    item = pictures.place_picture(bakhmut)
    shown = rep.picture_dict(item, None, rep.PictureSlugs([]))
    assert [p["side"] for p in shown["positions"]] == [None, None]
