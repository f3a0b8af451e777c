"""Recording and editing claims (claims.services.claims), for every entry point."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import selectors, services
from claims.choices import Status, Verb
from claims.models import Claim, PlacePosition, PlaceState, Source, Verification
from claims.services import claims as claims_service
from tests.factories import BASE_TIME, PlaceFactory, SourceFactory, claim_input

pytestmark = pytest.mark.django_db


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

    @pytest.mark.parametrize("field", ["stated_at", "effective_at"])
    def test_a_time_before_1900_is_refused_whatever_the_entry_point(
        self, place, russian_actor, editor, field
    ):
        long_ago = BASE_TIME.replace(year=1800)
        with pytest.raises(ValidationError) as refused:
            services.claim_create(
                data=claim_input(place, russian_actor, **{field: long_ago}), user=editor
            )
        assert refused.value.message_dict[field] == ["Give a time between 1900 and 2199."]
        assert not Claim.objects.exists()

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

    def test_the_same_claim_sent_twice_at_once_is_recorded_once(
        self, place, russian_actor, editor, monkeypatch
    ):
        # The other request commits between this one's duplicate check and its version lock.
        begin_write = claims_service._begin_write

        def the_other_request_first():
            monkeypatch.setattr(claims_service, "_begin_write", begin_write)
            services.claim_create(data=claim_input(place, russian_actor), user=editor)
            return begin_write()

        monkeypatch.setattr(claims_service, "_begin_write", the_other_request_first)
        # (Here the other request runs inside this one's transaction, and rolls back with it.)
        with pytest.raises(services.LikelyDuplicate):
            services.claim_create(data=claim_input(place, russian_actor), user=editor)

    def test_a_likely_duplicate_is_recorded_when_the_editor_allows_it(
        self, capture, place, russian_actor, editor
    ):
        later_same_day = claim_input(place, russian_actor, stated_at=BASE_TIME + timedelta(hours=3))
        services.claim_create(data=later_same_day, user=editor, allow_duplicate=True)
        assert Claim.objects.count() == 2


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
