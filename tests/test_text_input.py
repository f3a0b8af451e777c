"""Text input: control characters and over-long values are refused with the field named, on
every path (services, desk forms, API, CSV import); whatever is accepted comes out intact in the
Atom feeds, the CSV export and the HTML pages."""

import csv
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from claims import exports, services
from claims.choices import Status
from claims.feeds import tag_uri
from claims.imports import import_file
from claims.models import Actor, Claim, Place, Side, Source, Verification
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.models.verifications import RATIONALE_MAX_LENGTH
from claims.representations import Links
from claims.text import check_text_field, printable
from tests.factories import BASE_TIME, CitationFactory, ClaimFactory, PlaceFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CLAIMS_API = "/api/v1/claims/"
CONTROL = "\x07"
NUL = "\x00"
SURROGATE = "\ud800"
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
# Fine to store, but each has broken a feed, a CSV file or a page somewhere: markup, the end of
# a CDATA section, entities, spreadsheet formulas, line breaks of every kind, a bidi override.
AWKWARD = [
    *MARKUP,
    "]]>",
    "&amp;",
    "&#0;",
    "\"'",
    "=SUM(A1)",
    "+1",
    "-1",
    "@x",
    "'",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u2028",
    "\u202e",
    "😀",
    "Ї",
]
# Refused everywhere: control characters, lone surrogates and XML's two non-characters.
FORBIDDEN = [NUL, CONTROL, "\x1b[31m", "\x7f", "\x85", SURROGATE, "\udfff", "\ufffe", "\uffff"]
EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    # Examples share the test's transaction; each checks only the records it wrote.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_numbers = itertools.count()


# --- What the rules are, stated independently of claims.text -------------------------------


def allowed(character: str, *, single_line: bool) -> bool:
    """XML 1.0's characters less DEL, the C1 controls and the bidirectional overrides; line
    breaks, bidirectional isolates and direction marks only in multi-line text."""
    if character in "\t\n\r\u2028\u2029\u061c\u200e\u200f\u2066\u2067\u2068\u2069":
        return not single_line
    if "\u202a" <= character <= "\u202e":
        return False
    code = ord(character)
    return (
        0x20 <= code < 0x7F or 0x9F < code < 0xD800 or 0xE000 <= code <= 0xFFFD or code >= 0x10000
    )


def acceptable(value: str, *, max_length: int, single_line: bool) -> bool:
    return len(value) <= max_length and all(allowed(ch, single_line=single_line) for ch in value)


def texts():
    """Awkward text, half of it free of control characters, so that much of it is stored."""
    clean = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")
    awkward = st.one_of(st.text(clean, max_size=12), st.sampled_from(AWKWARD))
    anything = st.one_of(st.text(max_size=12), st.sampled_from(AWKWARD + FORBIDDEN))
    return st.one_of(
        st.lists(awkward, max_size=5).map("".join), st.lists(anything, max_size=5).map("".join)
    )


def around(limit: int):
    """Text of about ``limit`` characters: just under, at and just over it."""
    return st.tuples(st.sampled_from(["x", "Ж", "😀", "<", "a b"]), st.integers(-2, 2)).map(
        lambda t: (t[0] * (limit + t[1]))[: limit + t[1]]
    )


def text_for(limit: int):
    return st.one_of(texts(), around(limit))


# --- Reading the outputs --------------------------------------------------------------------


def squeeze(text: str) -> str:
    return " ".join(text.split())


class _TextOf(HTMLParser):
    """The text of an HTML fragment and the tags it uses; tags count as white space."""

    def __init__(self):
        super().__init__()
        self.parts, self.tags = [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_text(fragment: str) -> tuple[str, set[str]]:
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return squeeze("".join(parser.parts)), parser.tags


def feed_entry(client, url: str, entry_id: str) -> ET.Element:
    """The entry ``entry_id`` of the Atom feed at ``url``, which must parse as XML."""
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == entry_id)


def summary_text(entry: ET.Element) -> str:
    """An entry's summary, declared HTML: it must be only paragraphs and line breaks."""
    text, tags = html_text(entry.findtext(f"{ATOM}summary"))
    assert tags <= {"p", "br"}
    return text


def downloaded_row(client, claim: Claim) -> dict[str, str]:
    """The claim's row of the CSV download (the only claim about its place), by csv.reader."""
    response = client.get(reverse("claims:export_claims_csv"), {"place": claim.place.slug})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = csv.reader(io.StringIO(text, newline=""))
    return dict(zip(header, row, strict=True))


def exported_row(client, claim: Claim) -> dict[str, str]:
    """The claim's CSV row with its cells as the importer reads them."""
    return {
        name: exports.from_spreadsheet(cell) for name, cell in downloaded_row(client, claim).items()
    }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def assert_shown_escaped(html: str, value: str) -> None:
    assert escape(value) in html
    for markup in MARKUP:
        assert markup not in html


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def assert_refused(error: ValidationError, field: str) -> None:
    """Refused naming ``field``, in words that are themselves safe to show anywhere."""
    assert set(error.message_dict) == {field}
    for message in error.message_dict[field]:
        assert acceptable(message, max_length=500, single_line=True)


# --- Through the services: refused, or intact everywhere ------------------------------------


@pytest.fixture
def claimant(russian_actor):
    return russian_actor


def record_claim(
    claimant,
    place=None,
    *,
    quote="",
    summary="The town was taken.",
    language="",
    url=None,
    title="Statement",
    excerpt="",
    locator="",
) -> Claim:
    """A claim citing a new source, through the service."""
    citation = services.CitationInput(
        url=url or f"https://news.example.org/text/{next(_numbers)}",
        title=title,
        excerpt=excerpt,
        locator=locator,
    )
    return services.claim_create(
        data=services.ClaimInput(
            place=place or PlaceFactory(),
            claimant=claimant,
            verb="captured",
            side=claimant.side,
            stated_at=BASE_TIME,
            quote=quote,
            summary=summary,
            language=language,
            citations=[citation],
        )
    )


CLAIM_TEXT = {
    "quote": (QUOTE_MAX_LENGTH, False),
    "summary": (SUMMARY_MAX_LENGTH, False),
    "excerpt": (1000, False),
    "locator": (200, True),
    "title": (300, True),
}


@EXAMPLES
@given(data=st.data(), field=st.sampled_from(sorted(CLAIM_TEXT)))
def test_claim_text_is_refused_naming_its_field_or_comes_out_intact(client, claimant, data, field):
    max_length, single_line = CLAIM_TEXT[field]
    value = data.draw(text_for(max_length), label=field)
    good = acceptable(value, max_length=max_length, single_line=single_line)
    if field == "summary":
        good = good and bool(value.strip())
    try:
        claim = record_claim(claimant, **{field: value})
    except ValidationError as error:
        event("refused")
        assert not good
        assert_refused(error, field)
        return
    event("stored")
    assert good
    citation = claim.citations.select_related("source").get()
    stored = {
        "quote": claim.quote,
        "summary": claim.summary,
        "excerpt": citation.excerpt,
        "locator": citation.locator,
        "title": citation.source.title,
    }
    assert stored[field] == value or (field == "title" and value == "")
    services.verification_record(
        claim=claim, expected_version=claim.version, status=Status.DISPUTED, rationale="Checked."
    )

    summary = summary_text(feed_entry(client, "/feeds/claims.atom", tag_uri(f"claim/{claim.pk}")))
    assert squeeze(claim.quote) in summary
    assert squeeze(claim.summary) in summary

    row = exported_row(client, claim)
    assert (row["quote"], row["summary"]) == (claim.quote, claim.summary)
    assert row["citation_titles"] == citation.source.title

    html = page(client, claim.get_absolute_url())
    assert_shown_escaped(html, stored[field])
    review = json_ld(html)
    assert review["claimReviewed"] == claim.summary
    assert review["itemReviewed"]["appearance"][0]["name"] == citation.source.title


NAMES = {
    "place name": (200, "name"),
    "claimant name": (200, "name"),
    "claimant description": (300, "description"),
}


@EXAMPLES
@given(data=st.data(), field=st.sampled_from(sorted(NAMES)))
def test_names_are_refused_naming_the_field_or_come_out_intact(client, russia, data, field):
    max_length, model_field = NAMES[field]
    value = data.draw(text_for(max_length), label=field)
    good = acceptable(value, max_length=max_length, single_line=True)
    if model_field == "name":
        good = good and value != ""
    n = next(_numbers)
    place_values, actor_values = {"name": f"Town {n}"}, {"name": f"Voice {n}"}
    fuzzed = place_values if field == "place name" else actor_values
    fuzzed[model_field] = value
    try:
        place = services.place_create(kind="town", **place_values)
        claimant = services.actor_create(kind="spokesperson", side=russia, **actor_values)
    except ValidationError as error:
        event("refused")
        assert not good
        assert_refused(error, model_field)
        return
    event("stored")
    assert good
    claim = record_claim(claimant, place=place)

    entry = feed_entry(client, "/feeds/claims.atom", tag_uri(f"claim/{claim.pk}"))
    title = entry.findtext(f"{ATOM}title")
    assert title.startswith(claimant.name) and title.endswith(place.name)

    row = exported_row(client, claim)
    assert (row["place_name"], row["claimant_name"]) == (place.name, claimant.name)

    record = place if field == "place name" else claimant
    assert_shown_escaped(page(client, record.get_absolute_url()), value)
    assert_shown_escaped(page(client, claim.get_absolute_url()), record.name)


@EXAMPLES
@given(value=text_for(RATIONALE_MAX_LENGTH))
def test_a_rationale_is_refused_naming_it_or_comes_out_intact(client, claimant, value):
    claim = ClaimFactory(claimant=claimant)
    stored = value.strip()  # the service trims the rationale
    good = bool(stored) and acceptable(stored, max_length=RATIONALE_MAX_LENGTH, single_line=False)
    try:
        verification = services.verification_record(
            claim=claim, expected_version=claim.version, status=Status.DISPUTED, rationale=value
        )
    except ValidationError as error:
        event("refused")
        assert not good
        assert_refused(error, "rationale")
        return
    event("stored")
    assert good
    assert verification.rationale == stored

    entry = feed_entry(
        client, "/feeds/verifications.atom", tag_uri(f"verification/{verification.pk}")
    )
    assert summary_text(entry) == squeeze(stored)

    assert exported_row(client, claim)["status_rationale"] == stored

    assert_shown_escaped(page(client, claim.get_absolute_url()), stored)


class TestServiceEdges:
    """Text the forms and the API never pass on, refused by the services all the same."""

    def test_a_change_reason_must_fit_the_history_table(self, claimant):
        claim = ClaimFactory(claimant=claimant)
        for reason in ("x" * (CHANGE_REASON_MAX_LENGTH + 1), f"fixed{CONTROL}"):
            with pytest.raises(ValidationError) as refused:
                services.claim_update(
                    claim=claim, expected_version=claim.version, reason=reason, summary="New."
                )
            assert_refused(refused.value, "reason")

    def test_the_reason_limit_is_the_length_of_the_history_column(self):
        field = Claim.history.model._meta.get_field("history_change_reason")
        assert field.max_length == CHANGE_REASON_MAX_LENGTH

    @pytest.mark.parametrize("bad", [NUL, CONTROL, SURROGATE, "\ufffe", "\n"])
    def test_a_cited_url_is_checked_before_it_is_looked_up(self, claimant, bad):
        with pytest.raises(ValidationError) as refused:
            record_claim(claimant, url=f"https://news.example.org/{bad}x")
        assert_refused(refused.value, "url")

    @pytest.mark.parametrize("field", ["url", "archived_url"])
    @pytest.mark.parametrize("bad", [NUL, CONTROL, SURROGATE, "\ufffe"])
    def test_source_urls_refuse_what_the_url_validator_lets_through(self, field, bad):
        with pytest.raises(ValidationError) as refused:
            services.source_create(
                title="Report", kind="article", **{field: f"https://news.example.org/{bad}x"}
            )
        assert_refused(refused.value, field)

    def test_a_format_checked_by_a_pattern_cannot_end_in_a_line_break(self, claimant):
        with pytest.raises(ValidationError) as refused:
            record_claim(claimant, language="uk\n")
        assert_refused(refused.value, "language")
        with pytest.raises(ValidationError) as refused:
            services.side_create(name="Third side", colour="#123456\n")
        assert_refused(refused.value, "colour")


def test_a_name_that_folds_to_more_characters_still_saves(db):
    place = services.place_create(name="ß" * 200, kind="town")
    assert Place.objects.filter(pk=place.pk).exists()


def test_a_feed_summary_is_escaped_html_in_paragraphs(client, claimant):
    claim = record_claim(claimant, summary="Held <script>alert(1)</script> & more.\n\nSecond.")
    xml = client.get("/feeds/claims.atom").content.decode()
    assert "<script>" not in xml
    assert "&lt;script&gt;" not in xml  # a reader unescapes that once and sees markup
    summary = feed_entry(client, "/feeds/claims.atom", tag_uri(f"claim/{claim.pk}")).findtext(
        f"{ATOM}summary"
    )
    assert "<p>Held &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.</p>" in summary
    assert "<p>Second.</p>" in summary


def test_a_lone_carriage_return_keeps_its_csv_row_whole(client, claimant):
    claim = record_claim(claimant, quote="one\rtwo", summary="three\r\nfour\rfive")
    row = exported_row(client, claim)
    assert (row["quote"], row["summary"]) == ("one\rtwo", "three\r\nfour\rfive")


def test_the_implied_control_column_cannot_start_a_formula(client, claimant):
    side = Side.objects.get(pk=claimant.side_id)
    side.name = "=HYPERLINK(1)"
    side.save()
    claim = ClaimFactory(claimant=claimant, side=side)
    row = downloaded_row(client, claim)
    assert row["implied_control"] == "'=HYPERLINK(1) controls it"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("a\x07b", "Contains a control character (U+0007) at position 2"),
        (f"a{SURROGATE}", "Contains a character that is not valid Unicode text (U+D800)"),
        ("a\ufffe", "Contains a character that is not valid Unicode text (U+FFFE)"),
        ("a\u2028", "Contains a line break (U+2028)"),
        ("Bakh\u202emut", "Contains a character that changes the direction of text (U+202E)"),
        ("a\u2067b", "Contains a character that changes the direction of text (U+2067)"),
    ],
)
def test_the_message_says_what_was_found_and_where(value, words):
    with pytest.raises(ValidationError) as refused:
        check_text_field("title", value)
    assert refused.value.message_dict["title"][0].startswith(words)


def test_input_quoted_in_an_error_is_made_printable():
    assert printable("a\x1b[2Jb\nc") == "a\ufffd[2Jb\ufffdc"
    assert printable("x" * 50) == "x" * 40 + "…"
    assert printable(f"a{SURROGATE}") == "a\ufffd"


# --- Desk forms -----------------------------------------------------------------------------


@pytest.fixture
def world(claimant):
    """A place, a claim about it with a citation, and a source: what the desk forms refer to."""
    claim = ClaimFactory(claimant=claimant, stated_at=BASE_TIME)
    CitationFactory(claim=claim)
    return claim


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


def written() -> tuple:
    return tuple(
        model.objects.count() for model in (Claim, Place, Actor, Source, Verification)
    ) + tuple(Claim.objects.values_list("version", flat=True))


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


LONG_URL = "https://news.example.org/" + "x" * 1000
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


# --- API ------------------------------------------------------------------------------------


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


# --- CSV import -----------------------------------------------------------------------------


def import_row(world: Claim, **cells) -> list[tuple[int, str]]:
    """Import the world's claim as exported, with ``cells`` changed; the errors reported."""
    chunks = exports.csv_chunks(Claim.objects.filter(pk=world.pk), Links("http://testserver/"))
    header, row = csv.reader(io.StringIO("".join(chunks).removeprefix("\ufeff"), newline=""))
    fresh = {
        "place": "new-town",
        "claimant": "new-voice",
        "claimant_side": "new-side",
        "claimant_side_name": "New side",
    }
    for column, value in {**fresh, **cells}.items():
        row[header.index(column)] = value
    handle = io.StringIO(newline="")
    csv.writer(handle).writerows([header, row])
    handle.seek(0)
    return import_file(handle, source_name="test.csv").errors


def test_the_import_row_here_is_accepted_as_it_stands(world):
    assert import_row(world) == []
    assert Claim.objects.filter(place__slug="new-town").exists()


IMPORT_COLUMNS = [
    ("place", 200),
    ("place_name", 200),
    ("region", 200),
    ("region_name", 200),
    ("claimant", 200),
    ("claimant_name", 200),
    ("claimant_side", 100),
    ("claimant_side_name", 100),
    ("side", 100),
    ("side_name", 100),
    ("quote", QUOTE_MAX_LENGTH),
    ("language", 20),
    ("summary", SUMMARY_MAX_LENGTH),
    ("status_rationale", RATIONALE_MAX_LENGTH),
    ("citation_urls", 1000),
    ("citation_titles", 300),
]


@pytest.mark.parametrize(("column", "max_length"), IMPORT_COLUMNS)
def test_an_import_row_with_bad_text_is_refused_naming_line_and_column(world, column, max_length):
    before = written()
    base = "https://news.example.org/a" if column == "citation_urls" else "ok"
    for value in (f"{base}{CONTROL}b", f"{base}\x85b", f"{base}\ufffe", base + "x" * max_length):
        errors = import_row(world, **{column: value})
        assert len(errors) == 1, (column, value, errors)
        line, message = errors[0]
        assert line == 2
        assert message.startswith(f"{column}: "), message
        assert acceptable(message, max_length=500, single_line=True), message
    assert written() == before


def test_a_file_that_is_not_utf8_is_refused_not_fatal(db):
    handle = io.TextIOWrapper(io.BytesIO(b"id,place\n\xff\xfe\n"), encoding="utf-8", newline="")
    errors = import_file(handle, source_name="test.csv").errors
    assert errors == [(0, "not UTF-8 text (invalid start byte)")]
