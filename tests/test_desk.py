"""The editor desk: roles, the verification rules through the forms, no lost updates, claim entry
with duplicate warnings, corrections, and the security around it."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims import services
from claims.choices import Status
from claims.models import Actor, Claim, Place, Source, Verification
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def verify(client, claim, version=None, **data):
    payload = {
        "version": version if version is not None else claim.version,
        "status": Status.DISPUTED,
        "rationale": "CNN saw Ukrainian troops in the town.",
        "evidence_source_kind": "article",
    }
    payload.update(data)
    return client.post(reverse("claims:claim_verify", args=[claim.pk]), payload)


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


class TestVerificationForm:
    @pytest.fixture
    def claim(self, demo_data):
        return Claim.objects.get(claimant__slug="yevgeny-prigozhin")

    def test_a_rationale_is_required(self, client, claim, editor):
        login(client, editor)
        response = verify(client, claim, rationale="  ")
        assert response.status_code == 400
        assert "This field is required" in response.text
        assert claim.verifications.count() == 1

    def test_confirming_needs_independent_evidence(self, client, claim, lead):
        login(client, lead)
        own = Source.objects.get(title__startswith="Prigozhin statement")
        response = verify(client, claim, status=Status.CONFIRMED, evidence=[own.pk])
        assert response.status_code == 400
        assert (
            "needs at least one evidence source published by someone independent" in response.text
        )

    def test_a_pasted_url_with_an_independent_publisher_creates_the_source_and_confirms(
        self, client, claim, lead
    ):
        login(client, lead)
        reuters = Actor.objects.get(slug="reuters")
        response = verify(
            client,
            claim,
            status=Status.CONFIRMED,
            evidence_url="https://www.example.org/wire/soledar-geolocated",
            evidence_title="Geolocated footage from Soledar",
            evidence_publisher=reuters.pk,
            evidence_kind="geolocated_footage",
        )
        assert response.status_code == 302
        verification = claim.verifications.last()
        (source,) = verification.evidence.all()
        assert (source.title, source.publisher) == ("Geolocated footage from Soledar", reuters)

    def test_the_page_offers_the_places_sources_as_evidence(self, client, claim, editor):
        login(client, editor)
        form = client.get(reverse("claims:claim_verify", args=[claim.pk])).context["form"]
        titles = {s.title for s in form.fields["evidence"].queryset}
        assert "CNN team outside Soledar sees Ukrainian troops pulling back" in titles

    def test_control_characters_in_a_rationale_are_refused(self, client, claim, editor):
        login(client, editor)
        response = verify(client, claim, rationale="bad \x07 bell")
        assert response.status_code == 400
        assert "control character" in response.text


class TestNoLostUpdates:
    @pytest.fixture
    def claim(self, demo_data):
        return Claim.objects.get(claimant__slug="yevgeny-prigozhin")

    def test_a_stale_verification_shows_what_changed_and_keeps_what_was_typed(
        self, client, claim, editor, second_editor
    ):
        opened_at = claim.version
        colleague = login(Client(), second_editor)
        assert verify(colleague, claim, rationale="Colleague: disputed by AP.").status_code == 302

        login(client, editor)
        mine = "My reasoning, typed before I knew."
        response = verify(
            client, claim, version=opened_at, status=Status.UNCONFIRMED, rationale=mine
        )
        assert response.status_code == 409
        assert "Someone else changed this claim" in response.text
        assert "Colleague: disputed by AP." in response.text
        form = response.context["form"]
        assert form["rationale"].value() == mine
        assert form["status"].value() == Status.UNCONFIRMED
        assert int(form["version"].value()) == opened_at + 1
        assert claim.verifications.count() == 2  # nothing of mine was written

        resubmitted = verify(
            client, claim, version=opened_at + 1, status=Status.UNCONFIRMED, rationale=mine
        )
        assert resubmitted.status_code == 302
        statuses = list(claim.verifications.values_list("status", flat=True))
        assert statuses == [Status.UNREVIEWED, Status.DISPUTED, Status.UNCONFIRMED]

    def test_a_stale_edit_is_refused_and_keeps_the_editors_text(
        self, client, claim, editor, second_editor
    ):
        url = reverse("claims:claim_edit", args=[claim.pk])
        login(client, editor)
        form_data = edit_payload(claim, summary="My corrected summary.", reason="Fix wording")
        colleague = login(Client(), second_editor)
        colleague_data = edit_payload(claim, summary="Colleague's summary.", reason="Their fix")
        assert colleague.post(url, colleague_data).status_code == 302
        response = client.post(url, form_data)
        assert response.status_code == 409
        assert response.context["form"]["summary"].value() == "My corrected summary."
        assert "Their fix" in response.text
        claim.refresh_from_db()
        assert claim.summary == "Colleague's summary."


def edit_payload(claim, **overrides):
    data = {
        "version": claim.version,
        "place": claim.place.slug,
        "claimant": claim.claimant.slug,
        "verb": claim.verb,
        "side": claim.side.slug if claim.side else "",
        "stated_at": claim.stated_at.strftime("%Y-%m-%dT%H:%M"),
        "stated_precision": claim.stated_precision,
        "effective_at": claim.effective_at.strftime("%Y-%m-%dT%H:%M"),
        "effective_precision": claim.effective_precision,
        "quote": claim.quote,
        "language": claim.language,
        "summary": claim.summary,
        "answers": claim.answers_id or "",
        "reason": "Edited",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_editors_verifying_at_the_same_moment_exactly_one_wins(
    russian_actor, editor, second_editor
):
    """Two real transactions, each on its own connection, race from the same version."""
    claim = services.claim_create(
        data=services.ClaimInput(
            place=Place.objects.create(name="Raced", slug="raced", kind="town"),
            claimant=russian_actor,
            verb="captured",
            side=russian_actor.side,
            summary="Raced claim.",
            stated_at=Claim._meta.get_field("stated_at").to_python("2023-01-13T12:00:00Z"),
        ),
        user=editor,
    )
    start = threading.Barrier(2)
    outcomes = {}

    def record(user, rationale):
        try:
            start.wait()
            services.verification_record(
                claim=claim,
                expected_version=1,
                status=Status.DISPUTED,
                rationale=rationale,
                user=user,
            )
            outcomes[user.username] = "saved"
        except services.StaleVersion:
            outcomes[user.username] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(editor, "First editor.")),
        threading.Thread(target=record, args=(second_editor, "Second editor.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["saved", "stale"]
    claim.refresh_from_db()
    assert claim.version == 2
    assert Verification.objects.filter(claim=claim).count() == 2
    assert claim.current_verification.rationale in {"First editor.", "Second editor."}


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

    def test_password_guessing_is_throttled(self, client, editor, settings):
        url = reverse("login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(url, {"username": "editor", "password": "wrong guess"})
        locked = client.post(url, {"username": "editor", "password": "correct horse battery"})
        assert locked.status_code == 429
        assert "Too many failed log-ins" in locked.text
        assert "_auth_user_id" not in client.session

    def test_a_locked_out_account_keeps_its_api_token_and_an_admin_can_unlock_it(
        self, client, editor, settings, token_for
    ):
        api = token_for(editor)
        url = reverse("login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(url, {"username": "editor", "password": "wrong guess"})
        password = {"username": "editor", "password": "correct horse battery"}
        assert client.post(url, password).status_code == 429
        assert api.get("/api/v1/claims/").status_code == 200
        assert api.post("/api/v1/claims/", {}, format="json").status_code == 400  # not 401/403
        call_command("axes_reset_username", "editor")
        assert client.post(url, password).status_code == 302

    def test_a_correct_password_logs_in(self, client, editor):
        response = client.post(
            reverse("login"), {"username": "editor", "password": "correct horse battery"}
        )
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(editor.pk)

    def test_session_cookies_are_http_only_and_secure_without_debug(self, client, editor):
        response = client.post(
            reverse("login"), {"username": "editor", "password": "correct horse battery"}
        )
        cookie = response.cookies["sessionid"]
        assert cookie["httponly"] is True
        assert cookie["secure"] is True

    def test_logout_is_a_post(self, client, editor):
        login(client, editor)
        assert client.get(reverse("logout")).status_code == 405
        assert client.post(reverse("logout")).status_code == 302


class TestCreateEditor:
    def test_creates_an_editor_with_the_password_from_the_environment(self, monkeypatch, db):
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "a long and unusual passphrase")
        call_command("create_editor", "maria")
        user = Actor._meta.apps.get_model("auth", "User").objects.get(username="maria")
        assert user.check_password("a long and unusual passphrase")
        assert user.has_perm(services.PERM_VERIFY)
        assert not user.has_perm(services.PERM_VERDICT)

    def test_lead_flag_grants_final_verdicts(self, monkeypatch, db):
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "a long and unusual passphrase")
        call_command("create_editor", "olena", "--lead")
        user = Actor._meta.apps.get_model("auth", "User").objects.get(username="olena")
        assert user.has_perm(services.PERM_VERDICT)

    def test_weak_passwords_and_existing_names_are_refused(self, monkeypatch, db):
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "password")
        with pytest.raises(CommandError, match="too common"):
            call_command("create_editor", "weak")
        monkeypatch.setenv("CLAIMTRACKER_EDITOR_PASSWORD", "a long and unusual passphrase")
        call_command("create_editor", "twice")
        with pytest.raises(CommandError, match="already exists"):
            call_command("create_editor", "twice")

    def test_the_source_factory_gives_independent_publishers(self, db):
        assert SourceFactory().publisher.side is None


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
