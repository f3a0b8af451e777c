"""Golden answers: every outside format, byte for byte, for the demo data.

The API's JSON, the CSV, JSONL and GeoJSON exports and the verifications CSV are written from one
declaration of each resource's columns; these files pin what consumers receive, so that moving
code around cannot move a format. Only what differs from run to run is masked: the moments rows
were written, and the opaque cursors and validators made from them.

After a deliberate change of format, regenerate with ``UPDATE_GOLDEN=1`` and read the diff.
"""

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from claims import demo

GOLDEN = Path(__file__).parent / "golden"
WRITTEN_AT = ("recorded_at", "updated_at", "retrieved_at")
# The demo story happens in 2022–2023; anything later is when the test wrote the rows.
RUN_TIME = re.compile(r"20(?:2[4-9]|[3-9]\d)-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d)")

ANSWERS = {
    "api-claims": "/api/v1/claims/?page_size=200",
    "api-claim": "/api/v1/claims/7/",
    "api-place": "/api/v1/places/soledar/",
    "api-place-as-of": "/api/v1/places/soledar/?as_of=2023-01-12",
    "api-places": "/api/v1/places/?page_size=200",
    "api-verifications": "/api/v1/verifications/?page_size=200",
    "api-actors": "/api/v1/actors/?page_size=200",
    "api-sources": "/api/v1/sources/?page_size=200",
}
DOWNLOADS = {
    "claims.csv": "/export/claims.csv",
    "claims.jsonl": "/export/claims.jsonl",
    "verifications.csv": "/export/verifications.csv",
    "places.geojson": "/export/places.geojson",
}


def masked(value):
    if isinstance(value, dict):
        return {
            k: "<written>" if k in WRITTEN_AT and v else masked(v)
            for k, v in value.items()
            if k not in ("cursor", "next", "previous")
        }
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{name} moved"


@pytest.fixture
def story(django_db_reset_sequences):
    """The demo data with ids from 1, as in a fresh database."""
    demo.load()


@pytest.mark.parametrize("name", list(ANSWERS))
def test_api_answers_are_unchanged(client, story, name):
    response = client.get(ANSWERS[name])
    assert response.status_code == 200
    text = json.dumps(masked(response.json()), ensure_ascii=False, indent=1, sort_keys=True)
    compare(f"{name}.json", text + "\n")


def canonical(name: str, text: str) -> str:
    """The download as content, whoever wrote it: PostgreSQL's COPY and Python quote CSV cells
    and space JSON differently, and both are valid."""
    text = RUN_TIME.sub("<written>", text.removeprefix("\ufeff"))
    if name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(text)))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
        return buffer.getvalue()
    if name.endswith(".jsonl"):
        lines = [json.loads(line) for line in text.splitlines()]
        return "".join(
            json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines
        )
    return json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", list(DOWNLOADS))
def test_downloads_are_unchanged(client, story, name):
    response = client.get(DOWNLOADS[name])
    assert response.status_code == 200
    compare(name, canonical(name, b"".join(response.streaming_content).decode("utf-8")))
