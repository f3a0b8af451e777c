"""Claim cards: each claim's pieces of a place page, rendered once per everything they show
(claim, names, status, language, audience, code) and never handed to the wrong reader."""

import pytest
from django.core.cache import cache

from claims import cards, services
from claims.models import Actor, Claim

SOLEDAR = "/places/soledar/"


def take_into_review(claim, user):
    services.claim_take_into_review(claim=claim, expected_version=claim.version, user=user)


@pytest.fixture
def cards_cached(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.FRAGMENT_CACHE_SECONDS = 60
    # Cards are keyed on what they show: the same demo data in an earlier test made the same keys.
    cache.clear()


@pytest.fixture
def rendered(monkeypatch):
    """The claims whose cards were rendered, in order."""
    made = []
    render = cards.render

    def counting(claim, status):
        made.append(claim.pk)
        return render(claim, status)

    monkeypatch.setattr(cards, "render", counting)
    return made


class TestClaimCards:
    def test_a_write_re_renders_only_the_card_of_the_claim_it_changed(
        self, client, demo_data, cards_cached, rendered, editor
    ):
        client.get(SOLEDAR)
        shown = Claim.objects.filter(place__slug="soledar").count()
        assert len(rendered) == shown
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        take_into_review(claim, editor)
        rendered.clear()
        page = client.get(SOLEDAR).text
        assert rendered == [claim.pk]
        line = page[page.index(f'id="claim-{claim.pk}"') :]
        assert "In review" in line[: line.index("</li>")]

    def test_a_page_from_cached_cards_is_the_page_rendered_afresh(
        self, client, demo_data, cards_cached, settings
    ):
        client.get(SOLEDAR)
        cached = client.get(SOLEDAR).content
        settings.FRAGMENT_CACHE_SECONDS = 0
        assert client.get(SOLEDAR).content == cached
        assert client.get(SOLEDAR, {"as_of": "2023-01-12"}).status_code == 200

    def test_a_renamed_claimant_gets_new_cards(self, client, demo_data, cards_cached, rendered):
        client.get(SOLEDAR)
        isw = Actor.objects.get(slug="isw")
        isw.name = "Institute for the Study of War (ISW)"
        isw.save()
        rendered.clear()
        page = client.get(SOLEDAR).text
        assert set(rendered) == set(
            isw.claims.filter(place__slug="soledar").values_list("pk", flat=True)
        )
        assert "<strong>Institute for the Study of War (ISW)</strong>" in page

    def test_cards_made_by_other_code_are_not_reused(
        self, client, demo_data, cards_cached, rendered, monkeypatch
    ):
        """After a deploy that changes a card's template or phrasing, every card is made anew."""
        client.get(SOLEDAR)
        monkeypatch.setattr(cards, "_code_digest", lambda: "another deploy")
        rendered.clear()
        client.get(SOLEDAR)
        assert len(rendered) == Claim.objects.filter(place__slug="soledar").count()

    def test_cards_an_editor_was_shown_are_never_given_to_a_reader(
        self, client, demo_data, cards_cached, rendered, editor
    ):
        client.force_login(editor)
        client.get(SOLEDAR)
        client.logout()
        rendered.clear()
        page = client.get(SOLEDAR).text
        assert len(rendered) == Claim.objects.filter(place__slug="soledar").count()
        assert editor.username not in page

    def test_a_place_page_with_every_card_cached_reads_no_claim_twice(
        self, client, demo_data, cards_cached, django_assert_num_queries
    ):
        client.get(SOLEDAR)
        # 1 the place with its regions and stored state (its picture and disputes), 2 the
        # claims it lists (id, time, verb and side each), 3 the sides, 4 the claims the
        # picture and the disputes name, 5 the claims it shows, in full (their cards' keys),
        # 6 the place's other names (the map's marker is made from what those read).
        # (Soledar's verdicts are the newsroom's own: no verifier to load.) No claim is loaded
        # for its card.
        with django_assert_num_queries(6):
            assert client.get(SOLEDAR).status_code == 200

    def test_a_renamed_ukrainian_name_gets_new_cards_in_ukrainian_only(
        self, client, demo_data, cards_cached, rendered
    ):
        client.get(SOLEDAR)
        client.get("/uk" + SOLEDAR)
        isw = Actor.objects.get(slug="isw")
        services.name_update(
            record=isw.names.get(language="uk"), name="Інститут вивчення війни (ISW)"
        )
        rendered.clear()
        client.get(SOLEDAR)
        assert rendered == []  # the English cards do not show the new name
        page = client.get("/uk" + SOLEDAR).text
        assert set(rendered) == set(
            isw.claims.filter(place__slug="soledar").values_list("pk", flat=True)
        )
        assert "Інститут вивчення війни (ISW)" in page


def test_a_stored_card_reads_back_as_its_pieces():
    """A card is kept as one string (the lengths of its line and row, then its pieces): pieces
    holding spaces, digits or nothing at all come back whole, as HTML."""
    for pieces in [
        (
            '<li class="claim-line">12 34 <q>5 6</q></li>',
            "<tr>\n  <td>7 8</td>\n</tr>",
            "ISW 1 2 &amp; 3",
        ),
        ("", "", ""),
        ("3 ", " 4", " "),
    ]:
        card = cards._card(cards._stored(pieces))
        assert tuple(card) == pieces
        assert all(hasattr(piece, "__html__") for piece in card)
