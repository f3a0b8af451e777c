"""Recording verdicts and the independence rule (claims.services.verification)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from claims import services
from claims.choices import Status, Verb
from claims.models import Source
from tests.factories import BASE_TIME, SourceFactory, claim_input

pytestmark = pytest.mark.django_db


class TestVerificationRecord:
    def record(self, claim, user, status=Status.DISPUTED, **kwargs):
        kwargs.setdefault("rationale", "Two wire reports contradict it.")
        return services.verification_record(
            claim=claim, expected_version=claim.version, status=status, user=user, **kwargs
        )

    def test_recording_updates_status_and_version_in_the_same_transaction(self, capture, editor):
        verification = self.record(capture, editor)
        capture.refresh_from_db()
        assert capture.status == Status.DISPUTED
        assert capture.version == 2
        assert capture.current_verification == verification

    def test_a_rationale_is_always_required(self, capture, editor):
        with pytest.raises(ValidationError) as error:
            self.record(capture, editor, rationale="   ")
        assert "rationale" in error.value.message_dict
        capture.refresh_from_db()
        assert (capture.status, capture.version) == (Status.UNREVIEWED, 1)

    def test_an_unknown_status_is_refused(self, capture, editor):
        with pytest.raises(ValidationError):
            self.record(capture, editor, status="probable")

    @pytest.mark.parametrize("status", [Status.CONFIRMED, Status.FALSE, Status.SUPERSEDED])
    def test_final_verdicts_need_a_verification_lead(self, capture, editor, status):
        with pytest.raises(PermissionDenied) as error:
            self.record(capture, editor, status=status)
        assert "verification leads" in str(error.value)

    def test_confirmation_needs_independent_evidence(self, capture, lead, russian_actor):
        own_briefing = SourceFactory(publisher=russian_actor)
        with pytest.raises(ValidationError) as error:
            self.record(capture, lead, status=Status.CONFIRMED, evidence=[own_briefing])
        assert "independent" in str(error.value.message_dict["evidence"])
        with pytest.raises(ValidationError):
            self.record(capture, lead, status=Status.PARTIALLY_CONFIRMED)

    def test_an_independent_source_can_confirm(self, capture, lead):
        wire = SourceFactory()  # published by an actor with no side
        verification = self.record(capture, lead, status=Status.CONFIRMED, evidence=[wire])
        assert list(verification.evidence.all()) == [wire]

    def test_the_opposing_sides_admission_can_confirm(self, capture, lead, ukrainian_actor):
        admission = SourceFactory(publisher=ukrainian_actor)
        verification = self.record(capture, lead, status=Status.CONFIRMED, evidence=[admission])
        capture.refresh_from_db()
        assert verification.status == Status.CONFIRMED
        assert capture.current_verification == verification
        assert list(verification.evidence.all()) == [admission]

    def test_the_refusal_is_worded_in_the_editors_language(self, capture, lead, russian_actor):
        own_report = SourceFactory(publisher=russian_actor, title="Briefing")
        with translation.override("uk"), pytest.raises(ValidationError) as error:
            self.record(capture, lead, status=Status.CONFIRMED, evidence=[own_report])
        (message,) = error.value.message_dict["evidence"]
        assert message.startswith("Для статусу «Підтверджено» потрібне принаймні одне джерело")
        assert "Щодо наданих джерел: “Briefing” опублікував сам автор заяви." in message

    def test_the_claimants_own_source_never_confirms_an_independent_claim(
        self, place, independent_actor, lead, editor
    ):
        observation = services.claim_create(
            data=claim_input(place, independent_actor, verb=Verb.CONTESTED, side=None), user=editor
        )
        own_report = SourceFactory(publisher=independent_actor)
        with pytest.raises(ValidationError):
            self.record(observation, lead, status=Status.CONFIRMED, evidence=[own_report])

    def test_a_new_evidence_url_creates_its_source_in_the_same_transaction(
        self, capture, editor, independent_actor
    ):
        verification = self.record(
            capture,
            editor,
            new_evidence=[
                services.CitationInput(
                    url="https://example.org/geolocated", publisher=independent_actor
                )
            ],
        )
        source = verification.evidence.get()
        assert (source.url, source.publisher) == (
            "https://example.org/geolocated",
            independent_actor,
        )

    def test_a_new_evidence_url_must_name_its_publisher(self, capture, editor):
        with pytest.raises(ValidationError) as error:
            self.record(
                capture, editor, new_evidence=[services.CitationInput(url="https://example.org/x")]
            )
        assert "publisher" in str(error.value.message_dict["new_evidence"])
        assert not Source.objects.filter(url="https://example.org/x").exists()

    def test_a_known_url_without_a_publisher_takes_the_one_given(
        self, capture, lead, independent_actor
    ):
        known = SourceFactory(url="https://example.org/known", publisher=None)
        self.record(
            capture,
            lead,
            status=Status.CONFIRMED,
            new_evidence=[services.CitationInput(url=known.url, publisher=independent_actor)],
        )
        known.refresh_from_db()
        assert known.publisher == independent_actor
        assert known.history.first().history_change_reason == "Added the publisher"

    def test_a_known_url_with_another_publisher_is_refused_not_dropped(
        self, capture, lead, independent_actor, russian_actor
    ):
        known = SourceFactory(url="https://example.org/briefing", publisher=russian_actor)
        with pytest.raises(ValidationError) as error:
            self.record(
                capture,
                lead,
                status=Status.CONFIRMED,
                new_evidence=[services.CitationInput(url=known.url, publisher=independent_actor)],
            )
        message = " ".join(error.value.message_dict["new_evidence"])
        assert "on file as published by Russian MoD" in message
        known.refresh_from_db()
        assert known.publisher == russian_actor

    def test_the_refusal_says_why_each_source_does_not_count(self, capture, lead, russian_actor):
        briefing = SourceFactory(title="MoD briefing", publisher=russian_actor)
        anonymous = SourceFactory(title="Unsigned post", publisher=None)
        with pytest.raises(ValidationError) as error:
            self.record(capture, lead, status=Status.CONFIRMED, evidence=[briefing, anonymous])
        message = error.value.message_dict["evidence"][0]
        assert "“MoD briefing” was published by the claimant itself" in message
        assert "“Unsigned post” has no known publisher" in message

    def test_a_rejected_verification_does_not_leave_its_new_source(self, capture, editor):
        with pytest.raises(ValidationError):
            self.record(
                capture,
                editor,
                rationale="",
                new_evidence=[services.CitationInput(url="https://example.org/orphan")],
            )
        assert not Source.objects.filter(url="https://example.org/orphan").exists()

    def test_a_stale_version_is_refused_and_reports_the_current_claim(
        self, capture, editor, second_editor
    ):
        opened_at = capture.version
        self.record(capture, second_editor, rationale="Colleague got there first.")
        with pytest.raises(services.StaleVersion) as error:
            services.verification_record(
                claim=capture,
                expected_version=opened_at,
                status=Status.UNCONFIRMED,
                rationale="Mine.",
                user=editor,
            )
        assert error.value.claim.status == Status.DISPUTED
        assert error.value.claim.version == opened_at + 1
        assert [change.field for change in error.value.changes] == ["status"]
        assert capture.verifications.count() == 2

    def test_unreviewed_cannot_be_recorded_by_hand(self, capture, editor):
        with pytest.raises(ValidationError):
            self.record(capture, editor, status=Status.UNREVIEWED)

    def test_a_verdict_cannot_be_dated_in_the_future(self, capture, editor):
        with pytest.raises(ValidationError) as error:
            self.record(capture, editor, decided_at=timezone.now() + timedelta(days=1))
        assert "decided_at" in error.value.message_dict

    def test_an_earlier_verdict_entered_later_keeps_the_later_one_standing(
        self, capture, editor, independent_actor
    ):
        later = self.record(
            capture, editor, status=Status.UNCONFIRMED, decided_at=BASE_TIME + timedelta(days=2)
        )
        capture.refresh_from_db()
        earlier = self.record(
            capture,
            editor,
            verifier=independent_actor,
            decided_at=BASE_TIME + timedelta(days=1),
        )
        capture.refresh_from_db()
        assert (capture.status, capture.current_verification) == (Status.UNCONFIRMED, later)
        assert earlier.verifier == independent_actor
        assert capture.version == 3  # the history grew, so readers fetch the claim again

    def test_a_verdict_may_predate_the_claim_it_judges(self, capture, editor, independent_actor):
        self.record(
            capture,
            editor,
            verifier=independent_actor,
            decided_at=capture.stated_at - timedelta(days=1),
        )
        capture.refresh_from_db()
        assert capture.status == Status.DISPUTED

    def test_taking_a_claim_into_review_records_the_editor_where_only_editors_see_it(
        self, capture, editor
    ):
        verification = services.claim_take_into_review(
            claim=capture, expected_version=capture.version, user=editor
        )
        assert verification.status == Status.IN_REVIEW
        assert verification.recorded_by == editor
        assert "Editor" not in verification.rationale
