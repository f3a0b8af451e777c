"""What text every input path must refuse or keep, stated independently of claims.text."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from claims.models import Actor, Claim, Place, Source, Verification

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


LONG_URL = "https://news.example.org/" + "x" * 1000


def written() -> tuple:
    return tuple(
        model.objects.count() for model in (Claim, Place, Actor, Source, Verification)
    ) + tuple(Claim.objects.values_list("version", flat=True))
