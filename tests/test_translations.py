"""Every page speaks Ukrainian under /uk/: rendered with the demo data, no English word is left
on any page, public or desk, outside the records' own text (names, quotes, titles) and a few
names that are the same in both languages. And the catalogue is whole: no message id without
its Ukrainian text, none fuzzy."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from tests.browser.site_pages import desk_pages, public_pages

PO = Path(__file__).resolve().parent.parent / "locale" / "uk" / "LC_MESSAGES" / "django.po"
# Written the same way in Ukrainian newsrooms: names, formats and abbreviations.
SAME_IN_UKRAINIAN = {
    "ClaimTracker",
    "API",
    "JSON",
    "CSV",
    "JSONL",
    "GeoJSON",
    "Atom",
    "UTC",
    "URL",
    "HTTPS",
    "ISW",
    # Language codes beside a place's other names.
    "uk",
    "ru",
    "en",
    "BCP",
    "HTML",
    "CNN",
    "Reuters",
    "Telegram",
    "htmx",
    "JavaScript",
    "OpenAPI",
    "Swagger",
    "Leaflet",
    "OpenStreetMap",
    "Natural",
    "Earth",
    "ClaimReview",
    "iframe",
    "Token",
    "Authorization",
    "webhook",
    "webhooks",
    "HMAC",
    "SHA",
    "whsec",
    "Standard",
    "Webhooks",
}
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and labelling attributes, without scripts,
    styles, JSON data, code samples, or what is marked as another language (the switch's
    "English", a place's other names)."""

    SKIPPED = {"script", "style", "code", "pre", "datalist"}
    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping, self.open = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            if not self.skipping and attrs.get("lang", "uk").startswith("uk"):
                self.parts += [attrs[name] for name in ATTRIBUTES if attrs.get(name)]
            return
        skip = tag in self.SKIPPED or (
            tag != "html" and not attrs.get("lang", "uk").startswith("uk")
        )
        self.open.append((tag, skip))
        self.skipping += skip
        if not self.skipping:
            self.parts += [attrs[name] for name in ATTRIBUTES if attrs.get(name)]

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        # Elements left open (an <li>, a <p>) close with their parent.
        while self.open:
            opened, skip = self.open.pop()
            self.skipping -= skip
            if opened == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def records_text() -> list[str]:
    """Every text value stored in the database: what readers typed in is not the interface's
    to translate. Longest first, so that a name inside a title goes with the title."""
    values = set()
    for model in [*apps.get_app_config("claims").get_models(), apps.get_model("auth", "User")]:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.URLField)
        ]
        for row in model.objects.values_list(*fields):
            values.update(v for v in row if isinstance(v, str) and len(v) > 2)
    # A name in brackets gets the speaker's role inside them in sentences: "… (unnamed; Росія)".
    values.update(value[:-1] for value in list(values) if value.endswith(")"))
    return sorted(values, key=len, reverse=True)


def untranslated(html: str, known: list[str]) -> list[str]:
    """The lines of a page's visible text that still hold an English word."""
    parser = VisibleText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in known:
        text = text.replace(value, " ")
    # Addresses and code-like values (slugs, field names in examples) are not words to translate.
    text = re.sub(r"\S*[/_@=.]\S*", " ", text)
    return sorted(
        {
            " ".join(line.split())
            for line in text.splitlines()
            if any(w not in SAME_IN_UKRAINIAN for w in LATIN_WORD.findall(line))
        }
    )


def report(left: dict) -> str:
    return "English left on Ukrainian pages:\n" + "\n".join(
        f"{path}: {line}" for path, lines in left.items() for line in lines
    )


def pages(client, paths):
    for path in paths:
        response = client.get(f"/uk{path}", follow=True)
        assert response.status_code in (200, 404), path
        html = response.content.decode()
        # What the reader typed into a search comes back as they typed it.
        for query in re.findall(r"[?&]q=([^&]+)", path):
            html = html.replace(query, " ")
        yield path, html


@pytest.mark.django_db
def test_every_public_page_is_fully_ukrainian(client, demo_data):
    known = records_text()
    left = {
        path: words
        for path, html in pages(client, public_pages())
        if (words := untranslated(html, known))
    }
    assert not left, report(left)


@pytest.mark.django_db
def test_every_desk_page_is_fully_ukrainian(client, demo_data, lead):
    client.force_login(lead)
    known = records_text()
    paths = [*desk_pages(), "/claims/extract/"]
    left = {
        path: words for path, html in pages(client, paths) if (words := untranslated(html, known))
    }
    assert not left, report(left)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_the_catalogue_has_no_untranslated_or_fuzzy_message():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
