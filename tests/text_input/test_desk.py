"""Text through the desk's forms: bad text is a 400 naming the field, and nothing is written."""

import pytest
from django.urls import reverse

from claims.choices import Status
from claims.models import Claim
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.models.verifications import RATIONALE_MAX_LENGTH
from tests.text_input.rules import CONTROL, NUL, written

pytestmark = pytest.mark.django_db


def desk_forms(claim: Claim) -> dict[str, tuple[str, dict]]:
    """Each desk form's URL and a payload it accepts."""
    new_claim = {
        "place": claim.place.slug,
        "claimant": claim.claimant.slug,
        "verb": "captured",
        "side": claim.side.slug,
        "stated_at": "2023-02-01T10:00",
        "stated_precision": "day",
        "effective_precision": "day",
        "summary": "The town was taken.",
        "new_place_kind": "town",
        "new_claimant_kind": "spokesperson",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-0-url": "https://news.example.org/desk",
        "citations-0-title": "Statement",
    }
    edit = {
        **new_claim,
        "stated_at": claim.stated_at.strftime("%Y-%m-%dT%H:%M"),
        "version": claim.version,
        "reason": "Corrected the summary",
    }
    return {
        "new claim": (reverse("claims:claim_new"), new_claim),
        "edit claim": (reverse("claims:claim_edit", args=[claim.pk]), edit),
        "verify": (
            reverse("claims:claim_verify", args=[claim.pk]),
            {
                "version": claim.version,
                "status": Status.DISPUTED,
                "rationale": "Seen elsewhere.",
                "evidence_source_kind": "article",
            },
        ),
        "place": (reverse("claims:place_new"), {"name": "New town", "kind": "town"}),
        "actor": (reverse("claims:actor_new"), {"name": "New voice", "kind": "spokesperson"}),
        "source": (
            reverse("claims:source_new"),
            {"title": "A report", "kind": "article", "url": "https://news.example.org/report"},
        ),
    }


def field_errors(response, field: str) -> list[str]:
    if field.startswith("citations-"):
        index, name = field.split("-")[1:]
        return response.context["citations"].forms[int(index)].errors.get(name, [])
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize("form", ["new claim", "edit claim", "verify", "place", "actor", "source"])
def test_each_desk_payload_here_is_accepted_as_it_stands(client, editor, world, form):
    client.force_login(editor)
    url, payload = desk_forms(world)[form]
    assert client.post(url, payload).status_code == 302


DESK_FIELDS = [
    ("new claim", "quote", QUOTE_MAX_LENGTH, False),
    ("new claim", "summary", SUMMARY_MAX_LENGTH, False),
    ("new claim", "language", 20, True),
    ("new claim", "new_place_name", 200, True),
    ("new claim", "new_claimant_name", 200, True),
    ("new claim", "citations-0-url", 1000, True),
    ("new claim", "citations-0-title", 300, True),
    ("new claim", "citations-0-locator", 200, True),
    ("new claim", "citations-0-excerpt", 1000, False),
    ("edit claim", "summary", SUMMARY_MAX_LENGTH, False),
    ("edit claim", "reason", CHANGE_REASON_MAX_LENGTH, True),
    ("verify", "rationale", RATIONALE_MAX_LENGTH, False),
    ("verify", "evidence_url", 1000, True),
    ("verify", "evidence_title", 300, True),
    ("place", "name", 200, True),
    ("actor", "name", 200, True),
    ("actor", "description", 300, True),
    ("source", "title", 300, True),
    ("source", "url", 1000, True),
    ("source", "archived_url", 1000, True),
    ("source", "language", 20, True),
]


def bad_values(field: str, max_length: int, single_line: bool) -> list[str]:
    base = "https://news.example.org/a" if "url" in field else "ok"
    # A right-to-left override is refused everywhere; an isolate only where text is one line.
    values = [f"{base}{CONTROL}b", f"{base}{NUL}b", f"{base}\u202eb", base + "x" * max_length]
    if single_line:
        values.extend([f"{base}\nb", f"{base}\u2066b"])
    return values


@pytest.mark.parametrize(("form", "field", "max_length", "single_line"), DESK_FIELDS)
def test_desk_forms_refuse_bad_text_naming_the_field(
    client, editor, world, form, field, max_length, single_line
):
    client.force_login(editor)
    url, payload = desk_forms(world)[form]
    before = written()
    for value in bad_values(field, max_length, single_line):
        response = client.post(url, {**payload, field: value})
        assert response.status_code == 400, (field, value)
        assert field_errors(response, field), (field, value)
    assert written() == before
