"""Signatures follow Standard Webhooks; the README's verification snippet checks a real delivery."""

import re
from pathlib import Path

import pytest

from claims.webhooks import signing
from tests.webhooks.receiver import run_tasks

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_verify():
    """The function the README tells subscribers to copy, as written there."""
    text = README.read_text()
    section = text[text.index("### Verifying a message") :]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)
    return namespace["verify"]


def test_signatures_match_the_specifications_reference_vector():
    # The test vector the Standard Webhooks reference libraries share.
    assert (
        signing.sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_secrets_are_whsec_with_32_random_bytes():
    first, second = signing.new_secret(), signing.new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(signing._key(first)) == 32


def test_the_readme_snippet_verifies_a_real_delivery_and_refuses_a_forgery(
    receiver, subscribe, places, russian_actor, record_claim
):
    verify = readme_verify()
    subscription = subscribe(receiver.url)
    claim = record_claim(places[0], russian_actor)
    run_tasks()
    (delivered,) = receiver.accepted
    message = verify(subscription.secret, delivered.headers, delivered.body)
    assert message["type"] == "claim.created"
    assert message["data"]["id"] == claim.pk
    with pytest.raises(ValueError, match="bad signature"):
        verify(subscription.secret, delivered.headers, delivered.body.replace(b"}", b" }", 1))
    with pytest.raises(ValueError, match="bad signature"):
        verify(signing.new_secret(), delivered.headers, delivered.body)
    stale = {**delivered.headers, "webhook-timestamp": "1614265330"}
    with pytest.raises(ValueError, match="too old"):
        verify(subscription.secret, stale, delivered.body)
