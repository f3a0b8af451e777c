"""Every page's HTML passes the Nu HTML checker (vnu.jar from npm, run with Java)."""

import json
import subprocess

import pytest

from claims.models import Actor, Claim, Place, Source
from tests.tools import VNU_JAR, require_vnu

pytestmark = pytest.mark.django_db


def test_every_page_is_valid_html(client, demo_data, tmp_path):
    require_vnu()
    claim = Claim.objects.get(claimant__slug="igor-konashenkov")
    urls = [
        "/",
        "/places/",
        "/places/?q=бахмут",
        Place.objects.get(slug="soledar").get_absolute_url(),
        "/places/soledar/?as_of=2023-01-11",
        "/places/soledar/?as_of=bad",
        "/claims/",
        "/claims/?side=mars",
        claim.get_absolute_url(),
        "/actors/",
        Actor.objects.get(slug="cnn").get_absolute_url(),
        Source.objects.first().get_absolute_url(),
        "/search/?q=Артёмовск",
        "/embed/places/soledar/",
        "/no-such-page/",
    ]
    files = {}
    for i, url in enumerate(urls):
        path = tmp_path / f"page{i}.html"
        path.write_bytes(client.get(url).content)
        files[path.name] = url
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, tmp_path.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{files[m['url'].rsplit('/', 1)[-1]]} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems)
