"""The editor desk (claims.views.desk): roles, claim entry with duplicate warnings,
corrections, the review queue, and escaping and CSRF around it."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.choices import Status
from claims.models import Actor, Claim, Place, Source
from tests.factories import ClaimFactory
from tests.views.desk_posts import edit_payload, login, verify

pytestmark = pytest.mark.django_db


class TestPermissionMatrix:
    def write_urls(self):
        claim = Claim.objects.first()
        return [
            ("get", reverse("claims:review")),
            ("get", reverse("claims:claim_new")),
            ("get", reverse("claims:claim_edit", args=[claim.pk])),
            ("get", reverse("claims:claim_verify", args=[claim.pk])),
            ("post", reverse("claims:claim_take", args=[claim.pk])),
            ("get", reverse("claims:place_new")),
            ("get", reverse("claims:place_edit", args=["soledar"])),
            ("get", reverse("claims:actor_new")),
            ("get", reverse("claims:actor_edit", args=["cnn"])),
            ("get", reverse("claims:source_new")),
            ("get", reverse("claims:source_edit", args=[Source.objects.first().pk])),
        ]

    def test_anonymous_visitors_are_sent_to_log_in(self, client, demo_data):
        for method, url in self.write_urls():
            response = getattr(client, method)(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url

    def test_readers_without_a_role_are_refused(self, client, demo_data, reader):
        login(client, reader)
        for method, url in self.write_urls():
            assert getattr(client, method)(url).status_code == 403, url

    def test_editors_may_open_every_desk_page(self, client, demo_data, editor):
        login(client, editor)
        for method, url in self.write_urls():
            if method == "get":
                assert client.get(url).status_code == 200, url

    def test_an_editor_is_not_offered_and_cannot_record_lead_verdicts(
        self, client, demo_data, editor
    ):
        login(client, editor)
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        form = client.get(reverse("claims:claim_verify", args=[claim.pk])).context["form"]
        offered = {value for value, _ in form.fields["status"].choices}
        assert offered.isdisjoint({Status.CONFIRMED, Status.FALSE, Status.SUPERSEDED})
        response = verify(client, claim, status=Status.FALSE)
        assert response.status_code in (400, 403)
        claim.refresh_from_db()
        assert claim.status == Status.UNREVIEWED

    def test_a_lead_may_record_final_verdicts(self, client, demo_data, lead):
        login(client, lead)
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        response = verify(client, claim, status=Status.FALSE, rationale="Contradicted by the MoD.")
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.status == Status.FALSE


class TestClaimEntry:
    def new_claim(self, **overrides):
        data = {
            "claimant": "serhii-cherevaty",
            "place": "soledar",
            "verb": "holds",
            "side": "ukraine",
            "stated_at": "2023-01-13T18:00",
            "stated_precision": "day",
            "effective_precision": "day",
            "summary": "Ukraine's army said it still held Soledar.",
            "new_place_kind": "town",
            "new_claimant_kind": "spokesperson",
            "citations-TOTAL_FORMS": "1",
            "citations-INITIAL_FORMS": "0",
            "citations-0-url": "https://example.org/cherevaty-evening",
            "citations-0-title": "Evening statement",
        }
        data.update(overrides)
        return data

    def test_a_likely_duplicate_is_flagged_before_saving(self, client, demo_data, editor):
        login(client, editor)
        before = Claim.objects.count()
        response = client.post(reverse("claims:claim_new"), self.new_claim())
        assert response.status_code == 400
        assert "This may already be recorded" in response.text
        existing = Claim.objects.get(claimant__slug="serhii-cherevaty")
        assert existing.get_absolute_url() in response.text
        assert Claim.objects.count() == before

    def test_a_crafted_count_of_citation_forms_is_refused_without_building_them(
        self, client, demo_data, editor
    ):
        login(client, editor)
        data = self.new_claim(**{"citations-TOTAL_FORMS": "100000"})
        response = client.post(reverse("claims:claim_new"), data)
        assert response.status_code == 400
        assert "Please submit at most 20 forms." in response.text
        assert response.text.count('name="citations-') < 20 * 10  # 20 forms, not 1,020

    @pytest.mark.parametrize(
        ("field", "name", "shown"),
        [
            ("new_place_name", "soledar", "Soledar (soledar)"),
            ("new_place_name", "Соледар", "Soledar (soledar)"),
            ("new_claimant_name", "Hanna Maliar", "Hanna Maliar (hanna-maliar)"),
        ],
    )
    def test_a_new_place_or_claimant_already_on_file_is_refused_naming_it(
        self, client, demo_data, editor, field, name, shown
    ):
        login(client, editor)
        emptied = "place" if field == "new_place_name" else "claimant"
        data = self.new_claim(**{emptied: "", field: name, "not_a_duplicate": "on"})
        places, actors = Place.objects.count(), Actor.objects.count()
        response = client.post(reverse("claims:claim_new"), data)
        assert response.status_code == 400
        assert f"Already on file under this name: {shown}." in response.text
        assert (Place.objects.count(), Actor.objects.count()) == (places, actors)

    def test_the_editor_can_go_ahead_anyway(self, client, demo_data, editor):
        login(client, editor)
        response = client.post(reverse("claims:claim_new"), self.new_claim(not_a_duplicate="on"))
        assert response.status_code == 302
        claim = Claim.objects.latest("recorded_at")
        assert claim.citations.get().source.url == "https://example.org/cherevaty-evening"
        assert claim.status == Status.UNREVIEWED

    def test_a_new_place_and_claimant_are_added_in_the_same_flow(self, client, demo_data, editor):
        login(client, editor)
        response = client.post(
            reverse("claims:claim_new"),
            self.new_claim(
                place="",
                claimant="",
                new_place_name="Krasna Hora",
                new_place_parent="bakhmut-raion",
                new_claimant_name="Eastern Group spokesperson",
                new_claimant_side="ukraine",
            ),
        )
        assert response.status_code == 302
        claim = Claim.objects.latest("recorded_at")
        assert (claim.place.name, claim.place.parent.slug) == ("Krasna Hora", "bakhmut-raion")
        assert (claim.claimant.name, claim.claimant.side.slug) == (
            "Eastern Group spokesperson",
            "ukraine",
        )

    def test_a_bad_claim_leaves_no_half_created_place(self, client, demo_data, editor):
        login(client, editor)
        response = client.post(
            reverse("claims:claim_new"),
            self.new_claim(place="", new_place_name="Nowhere", side="", verb="captured"),
        )
        assert response.status_code == 400
        assert "needs the side it is about" in response.text
        assert not Place.objects.filter(name="Nowhere").exists()

    def test_an_edit_appears_as_a_correction_with_its_reason(self, client, demo_data, editor):
        claim = Claim.objects.get(claimant__slug="serhii-cherevaty")
        login(client, editor)
        response = client.post(
            reverse("claims:claim_edit", args=[claim.pk]),
            edit_payload(claim, summary="Corrected summary.", reason="Misattributed quote"),
        )
        assert response.status_code == 302
        public = Client().get(claim.get_absolute_url()).text
        section = public[public.index('id="corrections-heading"') :]
        assert "Misattributed quote" in section
        assert "Corrected summary." in section
        assert "Editor" not in section.split("</section>")[0]
        as_editor = client.get(claim.get_absolute_url()).text
        assert "Editor: Misattributed quote" in as_editor

    def test_a_removed_citation_is_listed_as_a_correction(self, client, demo_data, editor):
        claim = Claim.objects.get(claimant__slug="serhii-cherevaty")
        login(client, editor)
        response = client.post(
            reverse("claims:claim_edit", args=[claim.pk]),
            edit_payload(claim, reason="Dropped the duplicate source"),
        )
        assert response.status_code == 302, response.context["form"].errors
        text = Client().get(claim.get_absolute_url()).text
        assert "Citation: removed" in text
        in_ukrainian = Client().get("/uk" + claim.get_absolute_url()).text
        assert "Цитування: вилучено" in in_ukrainian

    def test_catalogue_records_are_created_through_the_services(self, client, demo_data, editor):
        login(client, editor)
        response = client.post(
            reverse("claims:source_new"),
            {"url": "example.org/report", "title": "A report", "kind": "report"},
        )
        assert response.status_code == 302
        source = Source.objects.get(title="A report")
        assert source.url == "https://example.org/report"
        assert source.history.first().history_user == editor

    @pytest.mark.parametrize("parent", ["itself", "its member"])
    def test_an_actor_is_never_inside_itself_and_the_form_says_so_in_words(
        self, client, demo_data, editor, parent
    ):
        nsc = Actor.objects.get(slug="us-nsc")
        kirby = Actor.objects.get(slug="john-kirby")
        assert kirby.parent == nsc
        login(client, editor)
        chosen = nsc if parent == "itself" else kirby
        fields = {"name": nsc.name, "kind": nsc.kind, "parent": chosen.pk, "description": ""}
        response = client.post(reverse("claims:actor_edit", args=[nsc.slug]), fields)
        assert response.status_code == 400
        assert "An actor cannot be part of itself" in response.text
        assert "Constraint" not in response.text and "__all__" not in response.text
        nsc.refresh_from_db()
        assert nsc.parent_id is None

    def test_coordinates_out_of_range_are_explained_not_named_by_constraint(
        self, client, demo_data, editor
    ):
        place = Place.objects.get(slug="soledar")
        login(client, editor)
        fields = {"name": place.name, "kind": place.kind, "latitude": "91", "longitude": ""}
        response = client.post(reverse("claims:place_edit", args=[place.slug]), fields)
        assert response.status_code == 400
        assert "A latitude lies between -90 and 90." in response.text
        assert "Give both latitude and longitude, or neither." in response.text
        assert "Constraint" not in response.text


class TestReviewQueue:
    def test_lists_waiting_claims_oldest_first_with_their_reviewer(self, client, demo_data, editor):
        login(client, editor)
        page = client.get(reverse("claims:review")).context["page"]
        stated = [c.stated_at for c in page.items]
        assert stated == sorted(stated)
        assert {c.status for c in page.items} <= {Status.UNREVIEWED, Status.IN_REVIEW}
        text = client.get(reverse("claims:review")).text
        assert "Take claim" in text

    def test_taking_a_claim_puts_it_in_review_under_the_editors_name(
        self, client, demo_data, editor
    ):
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        login(client, editor)
        response = client.post(
            reverse("claims:claim_take", args=[claim.pk]), {"version": claim.version}
        )
        assert response.status_code == 302
        claim.refresh_from_db()
        assert claim.status == Status.IN_REVIEW
        assert claim.current_verification.recorded_by == editor
        assert "Editor" in client.get(reverse("claims:review")).text

    def test_taking_a_claim_someone_else_just_took_asks_first_and_changes_nothing(
        self, client, demo_data, editor, second_editor
    ):
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        stale_version = claim.version
        services.claim_take_into_review(
            claim=claim, expected_version=stale_version, user=second_editor
        )
        login(client, editor)
        response = client.post(
            reverse("claims:claim_take", args=[claim.pk]), {"version": stale_version}
        )
        assert response.status_code == 409
        assert "Colleague</strong> took this claim into review" in response.text
        claim.refresh_from_db()
        assert claim.current_verification.recorded_by == second_editor

    def test_a_stale_take_of_a_claim_nobody_holds_changes_nothing(self, client, demo_data, editor):
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        stale_version = claim.version
        services.verification_record(
            claim=claim, expected_version=stale_version, status=Status.DISPUTED, rationale="AP."
        )
        login(client, editor)
        response = client.post(
            reverse("claims:claim_take", args=[claim.pk]), {"version": stale_version}, follow=True
        )
        assert "Only claims waiting for review can be taken" in response.text
        claim.refresh_from_db()
        assert claim.status == Status.DISPUTED

    def test_a_take_after_an_edit_says_so_in_the_editors_language(self, client, demo_data, editor):
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        stale_version = claim.version
        services.claim_update(
            claim=claim, expected_version=stale_version, summary="Edited meanwhile.", reason="Typo."
        )
        login(client, editor)
        response = client.post(
            "/uk" + reverse("claims:claim_take", args=[claim.pk]),
            {"version": stale_version},
            follow=True,
        )
        assert f"Хтось змінив заяву {claim.pk}, перш ніж ви її взяли" in response.text
        claim.refresh_from_db()
        assert claim.status == Status.UNREVIEWED

    def test_filters_by_place_and_side(self, client, demo_data, editor):
        login(client, editor)
        items = (
            client.get(reverse("claims:review"), {"place": "bakhmut", "side": "independent"})
            .context["page"]
            .items
        )
        assert items and all(
            c.place.slug == "bakhmut" and c.claimant.side_id is None for c in items
        )


class TestSecurity:
    def test_user_supplied_text_is_escaped(self, client, russian_actor):
        claim = ClaimFactory(
            claimant=russian_actor, quote="<script>alert('x')</script>", summary="<b>bold</b>"
        )
        for url in (claim.get_absolute_url(), claim.place.get_absolute_url(), "/claims/"):
            text = client.get(url).text
            assert "<script>alert(" not in text
            assert "<b>bold</b>" not in text
        text = client.get(claim.get_absolute_url()).text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text

    def test_forms_need_a_csrf_token(self, demo_data, editor):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(editor)
        claim = Claim.objects.first()
        assert verify(strict, claim).status_code == 403


@pytest.mark.parametrize("edits", [1, 6])
def test_the_claim_page_costs_the_same_however_many_corrections(
    client, demo_data, editor, edits, django_assert_num_queries
):
    claim = Claim.objects.get(claimant__slug="serhii-cherevaty")
    places = list(Place.objects.all())
    for i in range(edits):
        claim = services.claim_update(
            claim=claim,
            expected_version=claim.version,
            user=editor,
            reason=f"Correction {i}",
            summary=f"Summary, take {i}.",
            place=places[i % len(places)],
            answers=None,
            citations=[services.CitationInput(url=f"https://example.org/c{i}")],
        )
    # 1. claim with place, claimant, side and current verdict, 2. citations with sources,
    # 3. verdict history, 4. evidence sources, 5. claims answering it, 6. the place's claims for
    # its picture, 7. the claim's edit history, 8. the claim it answers, 9. places named in the
    # history, 10. the citations' history, 11. titles of the sources named in it. One query per
    # kind of record, however many corrections (test_query_counts.py pins the other pages).
    with django_assert_num_queries(11):
        response = client.get(claim.get_absolute_url())
    assert response.text.count("Correction ") >= edits
