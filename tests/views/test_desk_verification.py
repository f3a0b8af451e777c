"""Verdicts through the desk (claims.views.desk): the verification rules through the form, no lost
updates between two editors, and taking over a claim knowingly."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims import services
from claims.choices import Status
from claims.models import Actor, Claim, Place, Source, Verification
from tests.views.desk_posts import edit_payload, login, verify

pytestmark = pytest.mark.django_db


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

    def test_the_same_verdict_sent_again_after_back_adds_no_copy(self, client, claim, editor):
        # Back, then Record: the page reloads at the claim's new version, with the typed values.
        login(client, editor)
        assert verify(client, claim).status_code == 302
        claim.refresh_from_db()
        count = claim.verifications.count()
        again = verify(client, claim)
        assert again.status_code == 400
        assert "nothing new was recorded" in again.text
        assert claim.verifications.count() == count
        reworded = verify(client, claim, rationale="CNN saw them again on Friday.")
        assert reworded.status_code == 302

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


class TestTakeOver:
    @pytest.fixture
    def queued(self, demo_data):
        return Claim.objects.get(claimant__slug="isw", place__slug="soledar")

    def test_taking_a_claim_held_by_another_asks_then_records_the_takeover(
        self, queued, maria, ivan
    ):
        services.claim_take_into_review(claim=queued, expected_version=queued.version, user=ivan)
        queued.refresh_from_db()
        client = Client()
        client.force_login(maria)
        url = reverse("claims:claim_take", args=[queued.pk])
        question = client.post(url, {"version": queued.version})
        assert question.status_code == 409
        assert "Ivan</strong> took this claim into review" in question.text
        assert "Take over" in question.text
        queued.refresh_from_db()
        assert queued.current_verification.recorded_by == ivan

        taken = client.post(url, {"version": queued.version, "take_over": "yes"})
        assert taken.status_code == 302
        queued.refresh_from_db()
        assert queued.current_verification.recorded_by == maria
        assert queued.current_verification.rationale == "Taken over from another editor."
        queue = client.get(reverse("claims:review")).text
        assert "Maria" in queue

    def test_the_public_rationale_of_a_take_names_no_one(self, queued, maria):
        verification = services.claim_take_into_review(
            claim=queued, expected_version=queued.version, user=maria
        )
        assert verification.rationale == "Taken into review."
        assert verification.recorded_by == maria
        assert "Maria" not in Client().get(queued.get_absolute_url()).text


class TestRelease:
    """A claim taken into review could not be handed back: it stayed held until a verdict or a
    takeover."""

    @pytest.fixture
    def held(self, demo_data, maria):
        claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
        services.claim_take_into_review(claim=claim, expected_version=claim.version, user=maria)
        claim.refresh_from_db()
        return claim

    def test_the_holder_releases_it_from_the_queue_and_it_is_held_by_no_one(self, held, maria):
        client = Client()
        client.force_login(maria)
        queue = client.get(reverse("claims:review")).text
        release = reverse("claims:claim_release", args=[held.pk])
        assert f'action="{release}"' in queue
        response = client.post(release, {"version": held.version})
        assert response.status_code == 302
        held.refresh_from_db()
        assert held.status == Status.UNREVIEWED
        assert held.current_verification.rationale == "Released back to the review queue."
        assert "Maria" not in Client().get(held.get_absolute_url()).text
        assert "held by no one" in client.get(reverse("claims:review")).text

    def test_another_editor_may_not_release_it_but_a_lead_may(self, held, ivan, lead):
        with pytest.raises(PermissionDenied):
            services.claim_release(claim=held, expected_version=held.version, user=ivan)
        services.claim_release(claim=held, expected_version=held.version, user=lead)
        held.refresh_from_db()
        assert held.status == Status.UNREVIEWED

    def test_a_claim_not_in_review_cannot_be_released(self, demo_data, maria):
        claim = Claim.objects.get(claimant__slug="igor-konashenkov", place__slug="soledar")
        with pytest.raises(ValidationError):
            services.claim_release(claim=claim, expected_version=claim.version, user=maria)
