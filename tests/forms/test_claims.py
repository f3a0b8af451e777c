"""The desk's claim forms (claims.forms.claims): a citation needs its source, a new claim its
place and claimant (chosen or new), an edit asks whose value to keep only for fields both
editors changed, and the claim a statement answers is offered even when no search found it."""

import pytest

from claims import merge, services
from claims.choices import ActorKind, PlaceKind, Verb
from claims.forms import (
    CitationForm,
    ClaimForm,
    EditClaimForm,
    NewClaimForm,
    citation_initial,
    claim_initial,
)
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CONTENT = {
    "verb": Verb.CAPTURED,
    "stated_at": "2023-01-13T09:00",
    "stated_precision": "day",
    "effective_precision": "day",
    "summary": "Russia's defence ministry said its forces had taken Soledar.",
}


def test_an_untouched_citation_is_nothing_and_a_title_alone_is_refused():
    empty = CitationForm(data={})
    assert empty.is_valid()
    assert empty.as_input() is None
    titled = CitationForm(data={"title": "Soledar taken"})
    assert titled.errors["__all__"] == ["Give the source's URL."]


def test_a_citation_by_url_is_a_new_source_to_cite():
    form = CitationForm(data={"url": "https://example.org/soledar", "locator": "para. 3"})
    assert form.is_valid(), form.errors
    cited = form.as_input()
    assert (cited.source, cited.url) == (None, "https://example.org/soledar")
    assert cited.locator == "para. 3"


def test_a_new_claim_needs_a_place_and_a_claimant_chosen_or_named(db):
    form = NewClaimForm(data=CONTENT)
    assert form.errors["place"] == ["Choose a place, or name a new one."]
    assert form.errors["claimant"] == ["Choose a claimant, or name a new one."]


def test_a_new_place_and_claimant_are_made_by_the_service(russia):
    form = NewClaimForm(
        data={
            **CONTENT,
            "new_place_name": "Soledar",
            "new_place_kind": PlaceKind.TOWN,
            "new_claimant_name": "Igor Konashenkov",
            "new_claimant_kind": ActorKind.SPOKESPERSON,
            "new_claimant_side": "russia",
            "side": "russia",
        }
    )
    assert form.is_valid(), form.errors
    made = form.claim_input(citations=[])
    assert (made.place, made.claimant) == (None, None)
    assert made.new_place == services.PlaceInput(name="Soledar", kind="town", parent=None)
    assert made.new_claimant == services.ActorInput(
        name="Igor Konashenkov", kind="spokesperson", side=russia
    )


def test_an_edit_asks_whose_value_to_keep_only_for_fields_that_merge(russian_actor):
    claim = ClaimFactory(claimant=russian_actor)
    data = {**claim_initial(claim), **CONTENT, "reason": "Typo.", "choose_summary": merge.MINE}
    data["conflicts"] = "summary,version,x"
    form = EditClaimForm(data=data)
    assert form.conflict_fields == ["summary"]
    assert "choose_version" not in form.fields
    assert form.is_valid(), form.errors
    assert form.choices() == {"summary": merge.MINE}


def test_an_edit_keeps_its_place_and_claimant(russian_actor):
    claim = ClaimFactory(claimant=russian_actor)
    data = {**CONTENT, "version": claim.version, "reason": "Typo."}
    form = EditClaimForm(data=data)
    assert form.errors["place"] == ["Choose a place."]
    assert form.errors["claimant"] == ["Choose a claimant."]


def test_a_claim_read_into_the_form_is_valid_unchanged(russian_actor):
    claim = ClaimFactory(claimant=russian_actor, quote="Soledar is ours.", language="ru")
    data = {**claim_initial(claim), "reason": "Nothing changed."}
    data["stated_at"] = claim.stated_at.strftime("%Y-%m-%dT%H:%M")
    data["effective_at"] = claim.effective_at.strftime("%Y-%m-%dT%H:%M")
    form = EditClaimForm(data={k: "" if v is None else v for k, v in data.items()})
    assert form.is_valid(), form.errors
    assert form.claim_values()["place"] == claim.place
    assert form.claim_values()["quote"] == "Soledar is ours."


def test_a_claims_citations_read_into_the_form_are_valid_and_name_their_sources(
    russian_actor, independent_actor
):
    cited = services.CitationInput(
        url="https://example.org/soledar",
        title="Soledar: Russia claims capture",
        publisher=independent_actor,
        locator="para. 3",
    )
    claim = ClaimFactory(claimant=russian_actor, citations=[cited])
    (initial,) = citation_initial(claim)
    assert initial["url"] == "https://example.org/soledar"
    assert initial["locator"] == "para. 3"
    form = CitationForm(data=initial)
    assert form.is_valid(), form.errors
    assert form.as_input().source == claim.citations.get().source


def test_the_claim_answered_is_offered_even_when_no_search_found_it(russian_actor):
    answered = ClaimFactory(claimant=russian_actor)
    offered = ClaimForm(data={"answers": str(answered.pk)}).fields["answers"].widget.choices
    assert [value for value, _ in offered] == ["", answered.pk]


@pytest.mark.parametrize("chosen", ["²", "1 OR 1=1", "999999"])
def test_an_answer_that_is_no_claim_is_not_offered(db, chosen):
    offered = ClaimForm(data={"answers": chosen}).fields["answers"].widget.choices
    assert offered == [("", "— none —")]
