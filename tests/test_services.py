"""The write rules, enforced in claims.services for every entry point."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from claims import selectors, services
from claims.choices import Status, Verb
from claims.models import Claim, PlacePosition, PlaceState, Source, Verification
from tests.factories import BASE_TIME, PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def claim_input(place, claimant, **overrides):
    values = {
        "place": place,
        "claimant": claimant,
        "verb": Verb.CAPTURED,
        "side": claimant.side,
        "summary": "The town was taken.",
        "stated_at": BASE_TIME,
    }
    values.update(overrides)
    return services.ClaimInput(**values)


@pytest.fixture
def place():
    return PlaceFactory(name="Soledar", slug="soledar")


@pytest.fixture
def capture(place, russian_actor, editor):
    return services.claim_create(data=claim_input(place, russian_actor), user=editor)


class TestClaimCreate:
    def test_a_new_claim_starts_unreviewed_with_one_verification(self, capture, editor):
        assert capture.status == Status.UNREVIEWED
        assert capture.version == 1
        assert capture.effective_at == capture.stated_at
        (first,) = capture.verifications.all()
        assert first.status == Status.UNREVIEWED
        assert first.recorded_by == editor
        assert capture.current_verification == first

    def test_every_write_bumps_the_data_version(self, place, russian_actor, editor):
        before = selectors.data_version().version
        services.claim_create(data=claim_input(place, russian_actor), user=editor)
        assert selectors.data_version().version > before

    def test_citations_reuse_a_source_with_the_same_url_or_create_one(
        self, place, russian_actor, editor
    ):
        existing = SourceFactory(url="https://example.org/briefing")
        claim = services.claim_create(
            data=claim_input(
                place,
                russian_actor,
                citations=[
                    services.CitationInput(url="https://example.org/briefing", excerpt="para 2"),
                    services.CitationInput(url="https://example.org/new", title="New report"),
                ],
            ),
            user=editor,
        )
        sources = [c.source for c in claim.citations.order_by("position")]
        assert sources[0] == existing
        assert sources[1].title == "New report"
        assert Source.objects.count() == 2

    def test_citing_the_same_source_twice_is_refused(self, place, russian_actor, editor):
        source = SourceFactory()
        with pytest.raises(ValidationError):
            services.claim_create(
                data=claim_input(
                    place,
                    russian_actor,
                    citations=[services.CitationInput(source=source)] * 2,
                ),
                user=editor,
            )
        assert not Claim.objects.exists()

    def test_an_invalid_claim_writes_nothing(self, place, russian_actor, editor):
        with pytest.raises(ValidationError):
            services.claim_create(
                data=claim_input(place, russian_actor, verb=Verb.CAPTURED, side=None), user=editor
            )
        assert not Claim.objects.exists()
        assert not Verification.objects.exists()

    def test_a_reader_cannot_create_claims(self, place, russian_actor, reader):
        with pytest.raises(PermissionDenied):
            services.claim_create(data=claim_input(place, russian_actor), user=reader)

    def test_the_place_picture_is_refreshed(
        self, capture, place, russian_actor, ukrainian_actor, editor
    ):
        state = PlaceState.objects.get(place=place)
        assert (state.claim_count, state.contested) == (1, False)
        services.claim_create(
            data=claim_input(
                place,
                ukrainian_actor,
                verb=Verb.DENIED,
                side=russian_actor.side,
                stated_at=BASE_TIME + timedelta(hours=2),
            ),
            user=editor,
        )
        state.refresh_from_db()
        assert (state.claim_count, state.contested) == (2, True)
        positions = dict(PlacePosition.objects.values_list("side__slug", "control"))
        assert positions == {"russia": "full", "ukraine": "partial"}

    def test_likely_duplicates_are_same_claimant_place_and_day(self, capture, place, russian_actor):
        later_same_day = capture.stated_at + timedelta(hours=3)
        next_day = capture.stated_at + timedelta(days=1)
        assert list(
            services.likely_duplicates(
                claimant=russian_actor, place=place, stated_at=later_same_day
            )
        ) == [capture]
        assert not services.likely_duplicates(
            claimant=russian_actor, place=place, stated_at=next_day
        ).exists()

    def test_a_likely_duplicate_is_refused_with_the_claims_on_file(
        self, capture, place, russian_actor, editor
    ):
        later_same_day = claim_input(place, russian_actor, stated_at=BASE_TIME + timedelta(hours=3))
        with pytest.raises(services.LikelyDuplicate) as refused:
            services.claim_create(data=later_same_day, user=editor)
        assert list(refused.value.duplicates) == [capture]
        assert Claim.objects.count() == 1

    def test_a_likely_duplicate_is_recorded_when_the_editor_allows_it(
        self, capture, place, russian_actor, editor
    ):
        later_same_day = claim_input(place, russian_actor, stated_at=BASE_TIME + timedelta(hours=3))
        services.claim_create(data=later_same_day, user=editor, allow_duplicate=True)
        assert Claim.objects.count() == 2

    def test_an_article_proposal_that_is_a_likely_duplicate_is_refused_unless_accepted(
        self, capture, place, russian_actor, editor
    ):
        article = services.ArticleInput(title="Briefing", published_at=BASE_TIME)

        def proposal(**flags):
            data = claim_input(place, russian_actor, stated_at=BASE_TIME + timedelta(hours=3))
            return services.ProposedClaim(index=0, data=data, **flags)

        with pytest.raises(ValidationError) as refused:
            services.article_claims_record(article=article, claims=[proposal()], user=editor)
        assert list(refused.value.message_dict) == ["claim-0"]
        assert Claim.objects.count() == 1
        services.article_claims_record(
            article=article, claims=[proposal(allow_duplicate=True)], user=editor
        )
        assert Claim.objects.count() == 2


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


class TestClaimUpdate:
    def test_an_edit_bumps_the_version_and_is_recorded_in_history(self, capture, editor):
        updated = services.claim_update(
            claim=capture,
            expected_version=1,
            user=editor,
            reason="Corrected the summary",
            summary="Russia's MoD said the town was taken.",
        )
        assert updated.version == 2
        latest = updated.history.first()
        assert latest.history_user == editor
        assert latest.history_change_reason == "Corrected the summary"

    def test_an_edit_from_a_stale_version_is_refused(self, capture, editor):
        services.claim_update(claim=capture, expected_version=1, user=editor, summary="First.")
        with pytest.raises(services.StaleVersion) as stale:
            services.claim_update(claim=capture, expected_version=1, user=editor, summary="Second.")
        changes = [(c.field, c.before_text, c.theirs_text) for c in stale.value.changes]
        assert changes == [("summary", "The town was taken.", "First.")]
        assert stale.value.conflicts == ["summary"]
        capture.refresh_from_db()
        assert capture.summary == "First."

    def test_fields_outside_the_claim_cannot_be_changed(self, capture, editor):
        with pytest.raises(ValidationError):
            services.claim_update(
                claim=capture, expected_version=1, user=editor, status="confirmed"
            )

    def test_moving_a_claim_refreshes_both_places(self, capture, place, editor):
        other = PlaceFactory()
        services.claim_update(claim=capture, expected_version=1, user=editor, place=other)
        assert PlaceState.objects.get(place=place).claim_count == 0
        assert PlaceState.objects.get(place=other).claim_count == 1

    def test_replacing_citations_keeps_what_stays_and_removes_the_rest(self, capture, editor):
        keep, drop = SourceFactory(), SourceFactory()
        services.claim_update(
            claim=capture,
            expected_version=1,
            user=editor,
            citations=[services.CitationInput(source=keep), services.CitationInput(source=drop)],
        )
        services.claim_update(
            claim=capture,
            expected_version=2,
            user=editor,
            citations=[services.CitationInput(source=keep, locator="para 4")],
        )
        (citation,) = capture.citations.all()
        assert (citation.source, citation.locator) == (keep, "para 4")


def test_changing_an_actors_side_rebuilds_the_pictures_it_touches(
    capture, place, russian_actor, ukraine
):
    assert PlacePosition.objects.get(place=place).side.slug == "russia"
    services.actor_update(actor=russian_actor, side=ukraine)
    position = PlacePosition.objects.get(place=place)
    assert (position.side, position.control) == (ukraine, "none")  # now it says Russia took it
    capture.refresh_from_db()
    assert (capture.implied_side, capture.implied_control) == (ukraine, "none")


def test_only_a_lead_may_correct_a_sources_publisher(
    editor, lead, russian_actor, independent_actor
):
    source = SourceFactory(publisher=russian_actor)
    source.publisher = independent_actor
    with pytest.raises(PermissionDenied):
        services.catalogue_save(instance=source, user=editor)
    services.catalogue_save(instance=source, user=lead)
    source.refresh_from_db()
    assert source.publisher == independent_actor
