"""What the data model refuses, by validation and by database constraint, on both databases."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from claims.choices import Status, Verb
from claims.models import Claim, Place, PlaceName, Side, Verification, VerificationEvidence
from claims.models.verifications import ImmutableRecordError
from tests.factories import ClaimFactory, PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def refused_by_database(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def build_claim(**overrides):
    """An unsaved claim whose place and claimant exist."""
    overrides.setdefault("place", PlaceFactory())
    return ClaimFactory.build(**overrides)


class TestClaimRules:
    def test_a_verb_that_needs_a_side_without_one_is_refused(self, russian_actor):
        claim = build_claim(claimant=russian_actor, verb=Verb.CAPTURED, side=None)
        with pytest.raises(ValidationError) as error:
            claim.full_clean()
        assert "needs the side it is about" in str(error.value.message_dict["side"])
        refused_by_database(claim.save)

    def test_a_refusal_is_worded_in_the_readers_language(self, russian_actor):
        claim = build_claim(claimant=russian_actor)
        claim.effective_at = claim.stated_at + timedelta(hours=1)
        with translation.override("uk"):
            with pytest.raises(ValidationError) as error:
                claim.full_clean()
            # The message is lazy: it is worded when shown, here in Ukrainian.
            assert [str(m) for m in error.value.message_dict["effective_at"]] == [
                "Момент, якого стосується заява, не може бути пізнішим за час, коли її зроблено."
            ]

    def test_contested_needs_no_side(self, independent_actor):
        claim = build_claim(claimant=independent_actor, verb=Verb.CONTESTED, side=None)
        claim.full_clean()
        claim.save()
        claim.refresh_from_db()
        assert (claim.verb, claim.side) == (Verb.CONTESTED, None)

    def test_an_unknown_verb_is_refused(self, russian_actor):
        claim = build_claim(claimant=russian_actor, verb="annexed")
        with pytest.raises(ValidationError) as error:
            claim.full_clean()
        assert "verb" in error.value.message_dict
        refused_by_database(claim.save)

    def test_effective_time_later_than_stated_is_refused(self, russian_actor):
        claim = build_claim(claimant=russian_actor)
        claim.effective_at = claim.stated_at + timedelta(hours=1)
        with pytest.raises(ValidationError) as error:
            claim.full_clean()
        assert "cannot be later than when it was stated" in str(error.value)
        refused_by_database(claim.save)

    def test_control_characters_in_text_are_refused(self, russian_actor):
        claim = build_claim(claimant=russian_actor, quote="the town \x0b fell")
        with pytest.raises(ValidationError) as error:
            claim.full_clean()
        assert "control character (U+000B)" in str(error.value.message_dict["quote"])
        refused_by_database(claim.save)

    def test_newlines_are_allowed_in_a_quote_but_not_in_a_name(self, russian_actor):
        claim = build_claim(claimant=russian_actor, quote="first line\nsecond line")
        claim.full_clean()
        place = Place(name="Two\nlines", slug="two-lines", kind="town")
        with pytest.raises(ValidationError) as error:
            place.full_clean()
        assert "line break" in str(error.value.message_dict["name"])
        refused_by_database(place.save)

    def test_an_over_long_summary_is_refused_even_on_sqlite(self, russian_actor):
        claim = build_claim(claimant=russian_actor, summary="x" * 2001)
        with pytest.raises(ValidationError) as error:
            claim.full_clean()
        assert "summary" in error.value.message_dict
        refused_by_database(claim.save)

    def test_an_empty_summary_is_refused(self, russian_actor):
        claim = build_claim(claimant=russian_actor, summary="   ")
        with pytest.raises(ValidationError):
            claim.full_clean()

    def test_a_claim_answers_only_an_earlier_claim_about_the_same_place(self, russian_actor):
        earlier = ClaimFactory(claimant=russian_actor)
        elsewhere = build_claim(claimant=russian_actor, answers=earlier)
        with pytest.raises(ValidationError) as error:
            elsewhere.full_clean()
        assert "same place" in str(error.value.message_dict["answers"])
        before = build_claim(
            claimant=russian_actor,
            place=earlier.place,
            answers=earlier,
            stated_at=earlier.stated_at - timedelta(days=1),
        )
        with pytest.raises(ValidationError) as error:
            before.full_clean()
        assert "stated before it" in str(error.value.message_dict["answers"])

    def test_a_claim_cannot_be_stated_in_the_future(self, russian_actor):
        from django.utils import timezone

        claim = build_claim(claimant=russian_actor)
        claim.stated_at = claim.effective_at = timezone.now() + timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            claim.full_clean()
        assert "stated_at" in error.value.message_dict

    def test_search_document_follows_quote_and_summary(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor, quote="Соледар ВЗЯТ", summary="Town taken")
        assert claim.search_document == " соледар взят town taken "
        claim.quote = "Ёлки"
        claim.save(update_fields=["quote"])
        claim.refresh_from_db()
        assert claim.search_document == " елки town taken "


class TestVerificationRules:
    def test_a_verification_without_a_rationale_is_refused(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        verification = Verification(claim=claim, status=Status.DISPUTED, rationale="  ")
        with pytest.raises(ValidationError) as error:
            verification.full_clean()
        assert "rationale" in error.value.message_dict
        empty = Verification(claim=claim, status=Status.DISPUTED, rationale="")
        refused_by_database(empty.save)

    def test_an_unknown_status_is_refused(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        verification = Verification(claim=claim, status="probable", rationale="Because.")
        with pytest.raises(ValidationError) as error:
            verification.full_clean()
        assert "status" in error.value.message_dict
        refused_by_database(verification.save)

    def test_a_verification_cannot_be_updated_or_deleted(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        verification = claim.current_verification
        verification.rationale = "rewritten"
        with pytest.raises(ImmutableRecordError):
            verification.save()
        with pytest.raises(ImmutableRecordError):
            verification.delete()
        with pytest.raises(ImmutableRecordError):
            Verification.objects.filter(pk=verification.pk).update(status=Status.CONFIRMED)
        with pytest.raises(ImmutableRecordError):
            Verification.objects.filter(pk=verification.pk).delete()
        assert Verification.objects.get(pk=verification.pk).status == Status.UNREVIEWED

    def test_evidence_links_are_as_immutable_as_their_verification(self, russian_actor):
        claim = ClaimFactory(claimant=russian_actor)
        link = VerificationEvidence.objects.create(
            verification=claim.current_verification, source=SourceFactory()
        )
        with pytest.raises(ImmutableRecordError):
            link.delete()
        with pytest.raises(ImmutableRecordError):
            VerificationEvidence.objects.all().delete()


class TestCatalogueRules:
    def test_source_urls_are_unique_but_many_sources_may_have_none(self):
        SourceFactory(url="https://example.org/a")
        SourceFactory(url="")
        SourceFactory(url="")
        refused_by_database(lambda: SourceFactory(url="https://example.org/a"))
        duplicate = SourceFactory.build(url="https://example.org/a")
        duplicate.publisher.save()
        with pytest.raises(ValidationError):
            duplicate.full_clean()

    def test_a_side_colour_must_be_hex(self):
        side = Side(name="Somewhere", slug="somewhere", colour="red")
        with pytest.raises(ValidationError):
            side.full_clean()
        refused_by_database(side.save)

    def test_coordinates_come_in_pairs_and_in_range(self):
        refused_by_database(lambda: PlaceFactory(latitude="48.5", longitude=None))
        refused_by_database(lambda: PlaceFactory(latitude="91", longitude="30"))
        with pytest.raises(ValidationError):
            PlaceFactory.build(latitude="48.5", longitude=None).full_clean()

    def test_a_place_cannot_lie_inside_itself(self):
        oblast = PlaceFactory(kind="oblast")
        town = PlaceFactory(parent=oblast)
        oblast.parent = town
        with pytest.raises(ValidationError) as error:
            oblast.full_clean()
        assert "inside itself" in str(error.value)

    def test_alias_languages_are_language_codes(self):
        place = PlaceFactory()
        alias = PlaceName(place=place, name="Бахмут", language="Ukrainian")
        with pytest.raises(ValidationError):
            alias.full_clean()
        refused_by_database(alias.save)

    def test_aliases_store_a_folded_form_for_search(self):
        alias = PlaceName.objects.create(
            place=PlaceFactory(), name="Артёмовск", language="ru", kind="occupation"
        )
        assert alias.folded == "артемовск"


def test_claim_str_reads_as_a_sentence(russian_actor):
    claim = ClaimFactory(claimant=russian_actor, verb=Verb.CAPTURED)
    assert str(claim) == f"{russian_actor}: captured Russia · {claim.place}"
    assert Claim.objects.count() == 1
