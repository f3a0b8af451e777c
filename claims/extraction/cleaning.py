"""Pasted text made safe to read: bounded, plain, without control characters.

Editors paste from browsers, word processors and chat clients, so the text may carry HTML,
invisible direction marks or stray control characters. Harmless debris is cleaned and reported
(the editor sees what changed); what cannot be read at all is refused with a reason.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

MAX_BYTES = 200 * 1024

# C0 controls other than tab and newline, DEL, C1 controls: they break feeds and terminals.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Direction overrides and isolates can make a quote read differently from what it stores.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LOOKS_LIKE_HTML = re.compile(
    r"</?(p|div|br|span|a|b|i|em|strong|html|body|head|script|style|li|ul|h[1-6]|article|"
    r"section|blockquote|figure|img|table|tr|td)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
_HIDDEN_TAGS = {"script", "style", "head", "noscript", "template"}


class InputRefused(ValueError):
    """The text cannot be read; the message says why and what to do."""


@dataclass
class CleanText:
    text: str
    notes: list[str] = field(default_factory=list)


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _strip_html(text: str) -> str:
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return unescape("".join(parser.parts))


def clean_text(raw: str, *, max_bytes: int = MAX_BYTES) -> CleanText:
    """``raw`` as plain text with one paragraph per line, and what was changed to get there.

    Raises :class:`InputRefused` for text over ``max_bytes`` (UTF-8), text that is not valid
    Unicode, and text with nothing left to read.
    """
    if not isinstance(raw, str):
        raise InputRefused("Paste the article as text.")
    if _SURROGATE.search(raw):
        raise InputRefused(
            "The text contains characters that are not valid Unicode (lone surrogates); "
            "copy it again from the original page."
        )
    size = len(raw.encode("utf-8"))
    if size > max_bytes:
        raise InputRefused(
            f"The text is {size // 1024} KB; paste at most {max_bytes // 1024} KB "
            "(one article at a time)."
        )
    notes = []
    text = raw
    if _LOOKS_LIKE_HTML.search(text):
        text = _strip_html(text)
        notes.append("HTML markup was removed; only the text is read.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\t", " ")
    controls = len(_CONTROL.findall(text))
    if controls:
        text = _CONTROL.sub("", text)
        notes.append(f"Removed {controls} control character{'s' if controls != 1 else ''}.")
    marks = len(_BIDI.findall(text))
    if marks:
        text = _BIDI.sub("", text)
        notes.append(f"Removed {marks} invisible direction mark{'s' if marks != 1 else ''}.")
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(re.sub(r"[ \u00a0]+", " ", line).strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # Only invisible spaces and joiners (no-break, em and zero-width spaces) read as nothing too.
    if not any(character.isalnum() for character in text):
        raise InputRefused("There is no text to read: paste the article's text.")
    return CleanText(text=text, notes=notes)
