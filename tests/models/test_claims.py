"""What the Claim model refuses, by validation and by database constraint, on both databases."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from claims.choices import Verb
from claims.models import Claim, Place
from tests.factories import ClaimFactory, PlaceFactory
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db


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


def test_claim_str_reads_as_a_sentence(russian_actor):
    claim = ClaimFactory(claimant=russian_actor, verb=Verb.CAPTURED)
    assert str(claim) == f"{russian_actor}: captured Russia · {claim.place}"
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_a_claims_link_is_in_the_language_it_is_asked_in_whichever_came_first(russian_actor):
    claim = ClaimFactory(claimant=russian_actor)
    with translation.override("uk"):
        assert claim.get_absolute_url() == f"/uk/claims/{claim.pk}/"
    assert claim.get_absolute_url() == f"/claims/{claim.pk}/"
