"""The claims list's address, an answer's JSON and a claim as a client posts it, for the API's
tests."""

CLAIMS = "/api/v1/claims/"


def body(response):
    return response.json()


def claim_payload(**overrides):
    """A claim as a client posts it, with ``overrides`` applied."""
    payload = {
        "place": "soledar",
        "claimant": "serhii-cherevaty",
        "verb": "holds",
        "side": "ukraine",
        "stated_at": "2023-01-14T10:00:00+02:00",
        "stated_precision": "day",
        "summary": "Ukraine's army said it still held the town.",
        "citations": [{"url": "https://example.org/statement", "title": "Statement"}],
    }
    payload.update(overrides)
    return payload
