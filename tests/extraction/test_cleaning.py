"""Pasted text made readable or refused with a reason (claims/extraction/cleaning.py)."""

import pytest

from claims.extraction import InputRefused, clean_text


def test_html_and_control_characters_are_cleaned_with_a_note():
    cleaned = clean_text("<p>Soledar\x07 fell</p><script>alert(1)</script>\u202eend")
    assert cleaned.text == "Soledar fell\nend"
    assert any("HTML" in note for note in cleaned.notes)
    assert any("control character" in note for note in cleaned.notes)
    assert any("direction mark" in note for note in cleaned.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * (200 * 1024 + 1), "at most 200 KB"),
        ("   \n\x00 ", "no text"),
        ("bad \ud800 text", "not valid Unicode"),
    ],
)
def test_unreadable_text_is_refused_with_a_reason(text, message):
    with pytest.raises(InputRefused, match=message):
        clean_text(text)
