"""The journalist pages: they render and answer bad input with a clear message instead of an
error. Their query counts are pinned in test_query_counts.py."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.choices import Status, Verb
from claims.models import Actor, Claim, Place, Source
from claims.selectors import pages
from tests.datasets import populate
from tests.factories import ActorFactory, ClaimFactory, PlaceFactory, said

pytestmark = pytest.mark.django_db

LIST_PAGES = ["/", "/places/", "/claims/", "/actors/", "/search/", "/search/?q=soledar"]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_every_list_page_renders_on_an_empty_database(client, url):
    response = client.get(url)
    assert response.status_code == 200


def test_a_place_without_claims_renders(client):
    place = PlaceFactory(latitude=None, longitude=None)
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    assert "No claims about" in response.text
    assert client.get(reverse("claims:embed_place", args=[place.slug])).status_code == 200


def demo_urls():
    soledar = Place.objects.get(slug="soledar")
    claim = Claim.objects.get(claimant__slug="igor-konashenkov")
    return [
        *LIST_PAGES,
        soledar.get_absolute_url(),
        soledar.get_absolute_url() + "?as_of=2023-01-11",
        claim.get_absolute_url(),
        Actor.objects.get(slug="isw").get_absolute_url(),
        Source.objects.first().get_absolute_url(),
        reverse("claims:embed_place", args=["soledar"]),
    ]


def test_every_page_renders_for_the_demo_data(client, demo_data):
    for url in demo_urls():
        response = client.get(url)
        assert response.status_code == 200, url


class TestPlacePage:
    def test_soledar_shows_capture_dispute_and_no_independent_confirmation(self, client, demo_data):
        text = client.get("/places/soledar/").text
        box = text[
            text.index('class="picture') : text.index("</section>", text.index('class="picture'))
        ]
        assert "Contested</span> The sides' standing positions contradict" in box
        assert 'Says it controls it</strong> <span class="meta">since' in box
        assert "Says it holds part of it or is still there" in box
        assert "denies Russia&#x27;s capture claim" in box
        # The newsroom's verdict on the Ukrainian officer, on Ukraine's position; the third
        # parties carry no place-wide verdict, which read as theirs.
        assert ">Partially confirmed<" in box.split("Third parties")[0]
        assert "Partly confirmed" not in box

    def test_names_carry_their_language(self, client, demo_data):
        text = client.get("/places/bakhmut/").text
        assert '<span lang="ru">Артёмовск</span>' in text
        assert '<span lang="uk">Бахмут</span>' in text

    def test_as_of_hides_later_claims_and_later_verifications(self, client, demo_data):
        text = client.get("/places/soledar/?as_of=2023-01-11").text
        assert "Wagner Group" in text
        assert "Igor Konashenkov" not in text  # spoke on the 13th
        assert "Superseded" not in text.split('id="claims-heading"')[0]  # decided on the 13th
        assert "In review" in text

    @pytest.mark.parametrize("bad", ["yesterday", "2023-02-30", "0001-01-01", "99999-01-01"])
    def test_a_malformed_as_of_gets_a_clear_message_not_an_error(self, client, demo_data, bad):
        response = client.get("/places/soledar/", {"as_of": bad})
        assert response.status_code == 400
        assert "must be a date such as 2023-01-13" in response.text

    def test_a_day_after_today_is_refused_not_narrated_in_the_past(self, client, demo_data):
        # A mistyped year would give today's picture "as of 1 January 2099" to quote.
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = client.get("/places/soledar/", {"as_of": tomorrow})
        assert response.status_code == 400
        assert "cannot be a day after today" in response.text
        assert client.get("/places/soledar/", {"as_of": timezone.localdate()}).status_code == 200

    def test_an_unknown_place_is_a_404_in_the_sites_style(self, client):
        response = client.get("/places/atlantis/")
        assert response.status_code == 404
        assert "There is no page at this address" in response.text

    def test_the_timeline_has_a_mark_per_claim_and_a_table(self, client, demo_data):
        text = client.get("/places/soledar/").text
        svg = text[
            text.index('<svg class="timeline"') : text.index(
                "</svg>", text.index('<svg class="timeline"')
            )
        ]
        marks = svg.count('class="mark status-')
        assert marks == Claim.objects.filter(place__slug="soledar").count()
        assert svg.count("<title>") == marks
        assert "The timeline as a list" in text

    def test_a_long_page_links_its_folded_parts_which_the_page_unfolded_holds(
        self, client, russian_actor, ukrainian_actor, monkeypatch
    ):
        monkeypatch.setattr(pages, "INLINE_CLAIMS", 2)
        place = PlaceFactory(slug="bakhmut")
        said(place, russian_actor, 0)
        said(place, ukrainian_actor, 1, verb=Verb.HOLDS)
        said(place, ukrainian_actor, 10, verb=Verb.WITHDREW, side=ukrainian_actor.side)
        for days in (11, 12):
            said(place, russian_actor, days, verb=Verb.HOLDS)
        folded = client.get("/places/bakhmut/?as_of=2023-03-01").text
        unfold = "/places/bakhmut/?as_of=2023-03-01&amp;all=1"
        assert '<svg class="timeline"' not in folded
        folds = re.findall(r'data-hx-select="#([\w-]+)"', folded)
        assert sorted(folds) == ["column-1-earlier", "disputes-earlier", "timeline-body"]
        unfolded = client.get("/places/bakhmut/?as_of=2023-03-01&all=1").text
        for fold in folds:
            # Without JavaScript, a link to the part on the page unfolded; with it, htmx takes
            # the part from there when the fold opens.
            assert f'<p id="{fold}"><a href="{unfold}#{fold}">' in folded
            assert f'data-hx-get="{unfold}" data-hx-trigger="toggle once"' in folded
            part = re.search(rf'<(\w+)[^>]* id="{fold}"[^>]*>(.*?)</\1>', unfolded, re.S)
            assert part.group(1) != "p" and "<a href" in part.group(2)
            # The reader who followed the link finds the fold open.
            fold_start = unfolded[: part.start()].rindex("<details")
            assert " open" in unfolded[fold_start : unfolded.index(">", fold_start)]
        assert '<svg class="timeline"' in unfolded

    def test_a_short_page_holds_its_folded_parts(self, client, demo_data):
        text = client.get("/places/soledar/").text
        assert "data-hx-select" not in text and "all=1" not in text
        assert '<div id="timeline-body">' in text

    def test_links_to_the_places_feed_json_and_csv(self, client, demo_data):
        text = client.get("/places/soledar/").text
        assert "/places/soledar/feed.atom" in text
        assert "/api/v1/claims/?place=soledar" in text
        assert "/export/claims.csv?place=soledar" in text

    def test_map_markers_are_data_for_the_script(self, client, demo_data):
        text = client.get("/places/soledar/").text
        data = re.search(
            r'<script id="place-map-data" type="application/json">(.*?)</script>', text
        )
        (marker,) = json.loads(data.group(1))
        assert marker["slug"] == "soledar"
        assert marker["label"] == "Contested: the sides' positions contradict"


class TestPlaceList:
    def test_each_place_has_its_picture_in_one_line(self, client, demo_data):
        text = client.get("/places/").text
        assert "Russia says it controls it since <time" in text
        # Each side's verdict follows its own position: a place-wide verdict at the end of the
        # line read as the last side's.
        assert "</time>, not independently confirmed · " in text
        assert "</time>, partly confirmed · " in text

    @pytest.mark.parametrize(
        "spelling", ["Артёмовск", "артемовск", "бахмут", "BAKHMUT", "Artemivsk"]
    )
    def test_name_filter_finds_a_place_by_any_spelling(self, client, demo_data, spelling):
        text = client.get("/places/", {"q": spelling}).text
        assert 'href="/places/bakhmut/"' in text
        assert 'href="/places/soledar/"' not in text

    def test_filters_by_dispute_region_side_and_verdict(self, client, demo_data):
        assert 'href="/places/soledar/"' in client.get("/places/?contested=true").text
        assert 'href="/places/soledar/"' not in client.get("/places/?contested=false").text
        region = client.get("/places/?region=donetsk-oblast").text
        assert (
            'href="/places/bakhmut/"' in region and 'href="/places/donetsk-oblast/"' not in region
        )
        assert 'href="/places/bakhmut/"' in client.get("/places/?claimed_by=ukraine").text
        assert 'href="/places/bakhmut/"' not in client.get("/places/?claimed_by=russia").text
        assert 'href="/places/soledar/"' in client.get("/places/?status=partially_confirmed").text

    def test_an_unknown_filter_value_gets_a_message(self, client, demo_data):
        response = client.get("/places/?claimed_by=mars&contested=maybe")
        assert response.status_code == 400
        assert "Some filters could not be used" in response.text

    def test_reads_no_places_stored_disputes_which_only_their_pages_show(self, client, demo_data):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/places/").status_code == 200
        assert not [q["sql"] for q in queries if '"disputes"' in q["sql"]]

    def test_htmx_requests_get_only_the_results(self, client, demo_data):
        response = client.get("/places/?q=soledar", headers={"HX-Request": "true"})
        assert response.text.lstrip().startswith('<div id="results"')
        assert "<html" not in response.text


class TestPageNumbers:
    def test_the_place_list_pages_in_place_and_keeps_its_filters(self, client, monkeypatch):
        monkeypatch.setattr("claims.views.pages.PLACES_PER_PAGE", 1)
        PlaceFactory.create_batch(3)
        text = client.get("/places/", {"q": "", "page": 2}).text
        assert "Page 2 of 3" in text
        assert 'href="?q=&amp;page=1"' in text and 'href="?q=&amp;page=3"' in text
        assert 'data-hx-get="?q=&amp;page=3" data-hx-target="#results"' in text

    def test_the_actor_list_pages_by_plain_links(self, client, monkeypatch):
        monkeypatch.setattr("claims.views.pages.ACTORS_PER_PAGE", 1)
        ActorFactory.create_batch(2)
        text = client.get("/actors/").text
        assert "Page 1 of 2" in text
        assert 'href="?page=2"' in text
        assert "data-hx-get" not in text.split('class="pagination"')[1]


class TestClaimList:
    def test_facets_count_side_status_and_verb(self, client, demo_data):
        response = client.get("/claims/", {"place": "soledar"})
        facets = response.context["status_facets"]
        assert (
            dict(facets)[Status.UNCONFIRMED]
            == Claim.objects.filter(place__slug="soledar", status=Status.UNCONFIRMED).count()
        )
        sides = {row[0]: row[2] for row in response.context["side_facets"]}
        assert (
            sides["russia"]
            == Claim.objects.filter(place__slug="soledar", claimant__side__slug="russia").count()
        )
        assert None in sides  # independent actors

    def test_filters_by_every_parameter(self, client, demo_data):
        def count(**params):
            return len(client.get("/claims/", params).context["page"].items)

        assert count(side="russia") == Claim.objects.filter(claimant__side__slug="russia").count()
        assert (
            count(side="independent") == Claim.objects.filter(claimant__side__isnull=True).count()
        )
        assert count(claimant="isw") == 2
        assert count(verb="denied") == 1
        assert count(status="superseded") == 1
        assert (
            count(stated_after="2023-01-13", stated_before="2023-01-13")
            == Claim.objects.filter(stated_at__date="2023-01-13").count()
        )
        assert count(q="pullback") == 1
        assert count(region="bakhmut-raion") == Claim.objects.count()

    def test_export_links_keep_the_current_filters(self, client, demo_data):
        text = client.get("/claims/", {"side": "russia", "status": "unconfirmed"}).text
        assert "/export/claims.csv?side=russia&amp;status=unconfirmed" in text
        assert "/api/v1/claims/?side=russia&amp;status=unconfirmed" in text

    def test_paging_walks_every_claim_once(self, client, russia, ukraine):
        data = populate(120, russia=russia, ukraine=ukraine)
        seen, url = [], "/claims/"
        while url:
            page = client.get(url).context["page"]
            seen.extend(c.pk for c in page.items)
            url = f"/claims/?cursor={page.next_cursor}" if page.next_cursor else None
        assert sorted(seen) == sorted(c.pk for c in data["claims"])
        assert len(seen) == len(set(seen))

    @pytest.mark.parametrize(
        "params",
        [
            {"side": "mars"},
            {"verb": "annexed"},
            {"status": "probable"},
            {"stated_after": "13/01/2023"},
            {"stated_after": "2023-01-14", "stated_before": "2023-01-13"},
            {"place": "atlantis"},
            {"cursor": "not-a-cursor"},
            {"q": "x" * 201},
            {"q": "bad\x00byte"},
            {"updated_since": "2023-01-13T00:00:00+99:00"},
        ],
    )
    def test_malformed_filters_get_a_clear_message_not_an_error(self, client, demo_data, params):
        response = client.get("/claims/", params)
        assert response.status_code == 400
        assert 'role="alert"' in response.text


class TestClaimPage:
    def test_shows_quote_sources_history_and_a_citation(self, client, demo_data):
        claim = Claim.objects.get(claimant__slug="igor-konashenkov")
        text = client.get(claim.get_absolute_url()).text
        assert "The liberation of the town of Soledar was completed" in text
        assert "Russian Defence Ministry briefing" in text
        assert text.count('class="badge status-') >= 3  # unreviewed → in review → unconfirmed
        assert "Seeking independent confirmation." in text
        assert "Igor Konashenkov (Russia) claims capture: Soledar." in text
        assert f"http://testserver/claims/{claim.pk}/" in text

    def test_shows_the_claim_it_answers_and_the_answers_to_it(self, client, demo_data):
        capture = Claim.objects.get(claimant__slug="igor-konashenkov")
        denial = Claim.objects.get(claimant__slug="serhii-cherevaty")
        assert denial.get_absolute_url() in client.get(capture.get_absolute_url()).text
        assert capture.get_absolute_url() in client.get(denial.get_absolute_url()).text

    def test_claim_review_json_ld_once_there_is_a_verdict(self, client, demo_data):
        capture = Claim.objects.get(claimant__slug="igor-konashenkov")
        text = client.get(capture.get_absolute_url()).text
        raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', text).group(1)
        review = json.loads(raw)
        assert review["@type"] == "ClaimReview"
        assert review["reviewRating"]["alternateName"] == "Unconfirmed"
        assert review["itemReviewed"]["author"]["name"] == "Igor Konashenkov"

    def test_no_json_ld_before_a_verdict(self, client, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        assert "application/ld+json" not in client.get(claim.get_absolute_url()).text

    def test_json_ld_cannot_be_broken_out_of(self, client, russian_actor):
        from claims import services

        claim = ClaimFactory(claimant=russian_actor, summary="</script><script>alert(1)</script>")
        services.verification_record(
            claim=claim, expected_version=claim.version, status=Status.DISPUTED, rationale="No."
        )
        text = client.get(claim.get_absolute_url()).text
        assert "</script><script>alert(1)" not in text
        assert "\\u003c/script\\u003e" in text

    def test_an_unknown_claim_is_a_404(self, client):
        assert client.get("/claims/999999/").status_code == 404


class TestSearch:
    @pytest.mark.parametrize("query", ["Артёмовск", "бахмут", "bakhmut"])
    def test_finds_bakhmut_by_any_spelling(self, client, demo_data, query):
        results = client.get("/search/", {"q": query}).context["results"]
        assert results["places"][0].slug == "bakhmut"
        assert {p.slug for p in results["places"]} <= {"bakhmut", "bakhmut-raion"}

    def test_finds_claims_by_words_and_actors_by_name(self, client, demo_data):
        results = client.get("/search/", {"q": "pullback"}).context["results"]
        assert [c.claimant.slug for c in results["claims"]] == ["cnn"]
        results = client.get("/search/", {"q": "konashenkov"}).context["results"]
        assert [a.slug for a in results["actors"]] == ["igor-konashenkov"]

    def test_a_query_with_control_characters_gets_a_message(self, client):
        response = client.get("/search/", {"q": "a\x1bb"})
        assert response.status_code == 400
        assert "control character" in response.text


class TestActorAndSourcePages:
    def test_actor_page_shows_side_claims_and_track_record(self, client, demo_data):
        text = client.get("/actors/cnn/").text
        assert "Independent of the belligerents" in text
        assert "Track record" in text
        assert "Partially confirmed" in text

    def test_source_page_lists_what_cites_it_and_where_it_is_evidence(self, client, demo_data):
        source = Source.objects.get(title__startswith="CNN team")
        text = client.get(source.get_absolute_url()).text
        assert "Claims citing it" in text
        assert "Used as evidence" in text
        assert "Igor Konashenkov" in text


class TestEmbedding:
    def test_only_the_embed_page_may_be_framed(self, client, demo_data):
        assert "X-Frame-Options" not in client.get("/embed/places/soledar/").headers
        assert client.get("/places/soledar/").headers["X-Frame-Options"] == "DENY"
        assert client.get("/").headers["X-Frame-Options"] == "DENY"

    def test_the_card_of_a_storys_day_shows_that_day_and_links_to_it(self, client, demo_data):
        text = client.get("/embed/places/soledar/", {"as_of": "2023-01-11"}).text
        assert "as of the end of 11 Jan 2023" in text
        assert "Igor Konashenkov" not in text  # spoke on the 13th
        assert "/places/soledar/?as_of=2023-01-11" in text
        refused = client.get("/embed/places/soledar/", {"as_of": "garbage"})
        assert refused.status_code == 400
        assert "must be a date such as 2023-01-13" in refused.text

    @pytest.mark.parametrize("prefix", ["", "/uk"])
    def test_the_card_says_when_the_places_record_changed_in_utc(
        self, client, demo_data, settings, prefix
    ):
        # {% now %} read _("…") as a literal format, so the card printed ("30 Nov 2026 14:25".
        settings.TIME_ZONE = "Europe/Kyiv"
        Place.objects.filter(slug="soledar").update(
            updated_at=datetime(2023, 1, 14, 9, 5, tzinfo=UTC)
        )
        text = client.get(f"{prefix}/embed/places/soledar/").text
        assert re.search(r" 14 \w+ 2023 09:05 UTC</p>", text)
        assert "&quot;" not in text.split('class="meta"')[-1]


class TestMapTiles:
    def test_without_a_tile_url_the_map_has_markers_and_nothing_outside(self, client, demo_data):
        text = client.get("/places/").text
        assert 'data-tile-url=""' in text
        assert "https://" not in text.split("<main")[0]

    def test_a_configured_tile_url_reaches_the_map(self, client, demo_data, settings):
        settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
        text = client.get("/places/").text
        assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in text


def test_search_page_lists_claims_found_by_a_cyrillic_place_name(client, demo_data):
    response = client.get("/search/", {"q": "Соледар"})
    assert response.status_code == 200
    assert "Igor Konashenkov" in response.content.decode()


def test_search_rows_read_a_denial_from_the_claim_it_answers(
    client, demo_data, django_assert_num_queries
):
    # Places, actors, claims, then by id the rows' places, claimants and answered claims: the
    # claims the rows answer are one lookup whatever the number of rows.
    with django_assert_num_queries(6):
        response = client.get("/search/", {"q": "Cherevaty"})
    assert "Denies Russia&#x27;s capture claim" in response.content.decode()


def test_an_ambiguous_name_offers_a_choice_on_the_page(client, demo_data):
    response = client.get("/claims/", {"place": "Bakh"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Which place did you mean?" in page
    assert 'href="?place=bakhmut"' in page and 'href="?place=bakhmut-raion"' in page


def test_typing_a_name_suggests_places(client, demo_data):
    response = client.get("/suggest/place/", {"place": "Бах"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="bakhmut">Bakhmut</option>' in page


def test_verb_facets_show_words_not_codes(client, demo_data):
    page = client.get("/claims/").content.decode()
    assert ">partially holds</a>" in page
    assert ">partially_holds</a>" not in page


def test_the_search_pages_links_open_lists_holding_what_it_found(client, demo_data):
    # One link to "all matching claims" opened a list of the words alone: empty for a name.
    text = client.get("/search/", {"q": "Konashenkov"}).text
    assert 'href="/claims/?claimant=igor-konashenkov"' in text
    by_him = client.get("/claims/", {"claimant": "igor-konashenkov"}).text
    assert "No claims." not in by_him
    assert 'href="/claims/?place=bakhmut"' in client.get("/search/", {"q": "Бахмут"}).text


def test_the_search_pages_links_keep_the_verb_it_read(client, demo_data):
    text = client.get("/search/", {"q": "Soledar capture"}).text
    assert "Words read as the kind of claim: captured." in text
    assert 'href="/claims/?place=soledar&amp;verb=captured"' in text
    listed = client.get("/claims/", {"place": "soledar", "verb": "captured"}).text
    assert "No claims." not in listed
    alone = client.get("/search/", {"q": "capture"}).text
    assert 'href="/claims/?verb=captured"' in alone
