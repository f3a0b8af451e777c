"""Field helpers the models share (claims.models.fields): language codes checked by the form
and by the database alike, and vocabularies a check constraint keeps, empty only when allowed."""

import pytest
from django.core.exceptions import ValidationError

from claims.choices import PlaceKind
from claims.models import Place
from claims.models.fields import choices_constraint, language_code, language_constraint
from tests.factories import PlaceFactory

CODES = [
    *((code, True) for code in ["uk", "ru", "en", "crh", "en-GB", "sr-Latn", "zh-Hant-TW"]),
    *((code, False) for code in ["Ukrainian", "u", "UK", "en_GB", "en-", "uk ", "українська"]),
]


def passes(check, value) -> bool:
    try:
        check(value)
    except ValidationError:
        return False
    return True


def allowed_by(constraint, **fields) -> bool:
    """Whether the database, asked in one query, finds a place with ``fields`` within it."""
    return passes(lambda place: constraint.validate(Place, place), PlaceFactory.build(**fields))


@pytest.mark.parametrize(("code", "valid"), CODES)
def test_bcp_47_codes_are_accepted_and_other_text_refused(code, valid):
    assert passes(language_code, code) is valid


def test_a_refusal_says_what_a_code_looks_like():
    with pytest.raises(ValidationError, match="Use a language code such as uk, ru or en"):
        language_code("Ukrainian")


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "valid"), CODES)
def test_the_database_constraint_agrees_with_the_validator(code, valid):
    assert allowed_by(language_constraint("test", "name", blank=False), name=code) is valid


@pytest.mark.django_db
def test_an_empty_language_is_allowed_only_where_the_field_may_be_blank():
    assert allowed_by(language_constraint("test", "name", blank=True), name="")
    assert not allowed_by(language_constraint("test", "name", blank=False), name="")


@pytest.mark.django_db
def test_a_vocabulary_refuses_other_values_and_empty_only_when_not_blank():
    strict = choices_constraint("test", "kind", PlaceKind)
    loose = choices_constraint("test", "kind", PlaceKind, blank=True)
    assert allowed_by(strict, kind=PlaceKind.VILLAGE)
    assert not allowed_by(strict, kind="hamlet")
    assert not allowed_by(strict, kind="")
    assert allowed_by(loose, kind="")
    assert not allowed_by(loose, kind="hamlet")
