"""Text through the API's writes: bad text is a 400 naming the field, and nothing is written."""

import json

import pytest

from claims.choices import Status
from claims.models import Claim
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from tests.text_input.rules import CONTROL, LONG_URL, NUL, SURROGATE, written

pytestmark = pytest.mark.django_db

CLAIMS_API = "/api/v1/claims/"


def post_json(api, url: str, payload: dict):
    """POST ``payload`` as JSON text, so that lone surrogates travel as \\ud800 escapes."""
    return api.post(url, data=json.dumps(payload), content_type="application/json")


def with_value(payload: dict, path: tuple, value) -> dict:
    payload = json.loads(json.dumps(payload))
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return payload


def error_at(body: dict, path: tuple):
    for key in path:
        body = body[str(key)] if isinstance(body, dict) else body[key]
    return body


def api_payloads(claim: Claim) -> dict[str, tuple[str, dict]]:
    return {
        "claim": (
            CLAIMS_API,
            {
                "place": claim.place.slug,
                "claimant": claim.claimant.slug,
                "verb": "captured",
                "side": claim.side.slug,
                "stated_at": "2023-02-01T10:00:00Z",
                "summary": "The town was taken.",
                "citations": [{"url": "https://news.example.org/api", "title": "Statement"}],
            },
        ),
        "verification": (
            f"{CLAIMS_API}{claim.pk}/verifications/",
            {
                "version": claim.version,
                "status": Status.DISPUTED,
                "rationale": "Seen elsewhere.",
                "new_evidence": [
                    {
                        "url": "https://news.example.org/evidence",
                        "title": "Report",
                        "publisher": claim.claimant.slug,
                    }
                ],
            },
        ),
    }


@pytest.mark.parametrize("write", ["claim", "verification"])
def test_each_api_payload_here_is_accepted_as_it_stands(token_for, editor, world, write):
    url, payload = api_payloads(world)[write]
    response = post_json(token_for(editor), url, payload)
    assert response.status_code == 201, response.content


TOO_LONG = "x" * 10_000
API_FIELDS = [
    ("claim", ("quote",), [CONTROL, NUL, SURROGATE, "x" * (QUOTE_MAX_LENGTH + 1)]),
    ("claim", ("summary",), [CONTROL, NUL, SURROGATE, "\u202e", "x" * (SUMMARY_MAX_LENGTH + 1)]),
    ("claim", ("language",), [CONTROL, NUL, SURROGATE, "x" * 21]),
    ("claim", ("place",), [NUL, SURROGATE, "a b", TOO_LONG]),
    ("claim", ("claimant",), [NUL, SURROGATE, TOO_LONG]),
    ("claim", ("side",), [NUL, SURROGATE, TOO_LONG]),
    ("claim", ("verb",), [NUL, SURROGATE, TOO_LONG]),
    ("claim", ("stated_precision",), [SURROGATE]),
    ("claim", ("citations", 0, "url"), [CONTROL, NUL, SURROGATE, LONG_URL]),
    ("claim", ("citations", 0, "title"), [CONTROL, NUL, SURROGATE, "x" * 301, "a\nb", "a\u2066b"]),
    ("claim", ("citations", 0, "locator"), [CONTROL, SURROGATE, "x" * 201]),
    ("claim", ("citations", 0, "excerpt"), [CONTROL, SURROGATE, "x" * 1001]),
    ("verification", ("rationale",), [CONTROL, NUL, SURROGATE, "x" * 4001]),
    ("verification", ("status",), [NUL, SURROGATE]),
    ("verification", ("evidence_kind",), [NUL, SURROGATE]),
    ("verification", ("new_evidence", 0, "url"), [CONTROL, NUL, SURROGATE, LONG_URL]),
    ("verification", ("new_evidence", 0, "title"), [CONTROL, SURROGATE, "x" * 301]),
    ("verification", ("new_evidence", 0, "kind"), [SURROGATE]),
    ("verification", ("new_evidence", 0, "publisher"), [NUL, SURROGATE, TOO_LONG]),
]


@pytest.mark.parametrize(("write", "path", "values"), API_FIELDS)
def test_the_api_refuses_bad_text_with_a_400_naming_the_field(
    token_for, editor, world, write, path, values
):
    api = token_for(editor)
    url, payload = api_payloads(world)[write]
    before = written()
    for value in values:
        if path[-1] == "url" and value in (CONTROL, NUL, SURROGATE):
            value = f"https://news.example.org/a{value}b"
        response = post_json(api, url, with_value(payload, path, value))
        assert response.status_code == 400, (path, value, response.content)
        assert error_at(json.loads(response.content), path), (path, value)
    assert written() == before
