"""claims.search_terms: which words of a search name a kind of claim, in English whole and in
Ukrainian and Russian by stem, and what is left to name places, actors and text."""

import pytest

from claims.choices import Verb
from claims.search_terms import Terms, read


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("capture", Terms((Verb.CAPTURED,), "")),
        ("Soledar capture", Terms((Verb.CAPTURED,), "Soledar")),
        ("Captured  Pokrovs'k", Terms((Verb.CAPTURED,), "Pokrovs'k")),
        ("звільнення Херсона", Terms((Verb.LIBERATED,), "Херсона")),
        ("освобождение Херсона", Terms((Verb.LIBERATED,), "Херсона")),
        ("оточення Авдіївки", Terms((Verb.ENCIRCLED,), "Авдіївки")),
        ("denial withdrawal", Terms((Verb.DENIED, Verb.WITHDREW), "")),
        ("capture seized", Terms((Verb.CAPTURED,), "")),
        # Names that begin like a verb's word are names.
        ("Denis Pushilin", Terms((), "Denis Pushilin")),
        ("Holodomor", Terms((), "Holodomor")),
        ("  Bakhmut ", Terms((), "Bakhmut")),
    ],
)
def test_words_naming_verbs_are_read_apart_from_the_rest(query, terms):
    assert read(query) == terms
