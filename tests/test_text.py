"""Text rules: what may be stored and how text is folded for matching."""

import pytest
from django.core.exceptions import ValidationError

from claims.text import fold, multiline_text, search_document, single_line_text, skeleton


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Артёмовск", "артемовск"),
        ("БАХМУТ", "бахмут"),
        ("Bakhmut", "bakhmut"),
        ("Dnipró", "dnipro"),
        ("Ї", "і"),  # Ukrainian yi folds to i, like its decomposition
    ],
)
def test_fold_ignores_case_and_accents(text, folded):
    assert fold(text) == folded


def test_search_document_is_padded_folded_words():
    assert search_document("«Соледар» взят!", "", "Town TAKEN") == " соледар взят town taken "
    assert search_document("", "") == ""


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ud800", "\ufffe"])
def test_control_characters_are_refused_everywhere(bad):
    for validator in (single_line_text, multiline_text):
        with pytest.raises(ValidationError):
            validator(f"before{bad}after")


def test_line_breaks_are_allowed_only_in_multiline_text():
    multiline_text("one\ntwo\r\nthree\tfour")
    with pytest.raises(ValidationError) as error:
        single_line_text("one\ntwo")
    assert "line break" in error.value.messages[0]


@pytest.mark.parametrize(
    ("spellings", "bones"),
    [
        (["Bakhmut", "Bachmut", "Бахмут"], "bhmt"),
        (["Artemovsk", "Artemivsk", "Артёмовск", "Артемівськ"], "rtmvsk"),
        (["Konashenkov", "Конашенков"], "knshnkv"),
        (["Prigozhin", "Prihozhyn", "Пригожин"], "prhzhn"),
        (["Horlivka", "Gorlovka", "Горлівка", "Горловка"], "hrlvk"),
        (["Kharkiv", "Charkiw", "Kharkov", "Харків"], "hrkv"),
    ],
)
def test_spellings_of_one_name_share_a_skeleton(spellings, bones):
    assert {skeleton(s) for s in spellings} == {bones}
