"""Text through the services: control characters and over-long values are refused with the
field named; whatever is accepted comes out intact in the Atom feeds, the CSV export and the
HTML pages."""

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
from hypothesis import event, given
from hypothesis import strategies as st

from claims import exports, services
from claims.choices import Status
from claims.feeds import tag_uri
from claims.models import Claim, Place, Side
from claims.models.claims import QUOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH
from claims.models.fields import CHANGE_REASON_MAX_LENGTH
from claims.models.verifications import RATIONALE_MAX_LENGTH
from claims.text import check_text_field, printable
from tests.factories import BASE_TIME, ClaimFactory, PlaceFactory
from tests.text_input.rules import CONTROL, EXAMPLES, MARKUP, NUL, SURROGATE, acceptable, text_for

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


_numbers = itertools.count()


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
