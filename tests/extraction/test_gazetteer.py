"""Who and where the text can name (claims/extraction/gazetteer.py): names in any spelling."""

import pytest

from claims.choices import Verb
from claims.extraction.gazetteer import fold, inflections

from .test_engine import run
from .test_roles import run as run_on_front_towns


def test_inflected_ukrainian_place_name_is_matched():
    result = run("Cherevaty said fierce fighting is going on під Бахмутом and in Авдіївці.")
    assert {c.place for c in result.claims} == {"bakhmut", "avdiivka"}
    assert {c.verb for c in result.claims} == {Verb.CONTESTED}


def test_inflections_cover_common_case_endings():
    assert {"Бахмута", "Бахмутом", "Бахмуті"} <= set(inflections("Бахмут"))
    assert {"Авдіївки", "Авдіївку", "Авдіївці"} <= set(inflections("Авдіївка"))
    assert inflections("Bakhmut") == ["Bakhmut"]


@pytest.mark.parametrize("spelling", ["Lykhovyi", "Lykhovyy", "Lykhovy", "Lykhoviy"])
def test_a_name_is_matched_in_any_of_its_transliterations(spelling):
    [claim] = run_on_front_towns(
        f"{spelling} said on Monday that fierce fighting went on in Myrnohrad."
    ).claims
    assert claim.claimant == "lykhovyi"


def test_ukrainian_h_is_matched_where_russian_spelling_writes_g():
    assert fold("Haidai") == fold("Gaidai")
    assert fold("Serhiy") == fold("Serhii")


def test_a_russian_spelling_of_a_new_place_is_claimed_as_that_place():
    result = run(
        "Russia's Defence Ministry said on Friday its forces had taken the village of Novenke. "
        '"Units liberated the village of Novenkoye," the ministry said, using the Russian name '
        "for the village."
    )
    assert {(c.place, c.verb) for c in result.claims} == {("Novenke", Verb.LIBERATED)}
