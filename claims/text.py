"""Text rules shared by every entry point: what may be stored, and how text is matched.

Control characters are refused everywhere because they break XML (Atom feeds) and terminals;
lone surrogates because PostgreSQL cannot store them (nor compare them, nor NUL: text must be
checked before it is used in a query). Matching folds case and accents so that
"Артёмовск", "артемовск" and "АРТЕМОВСК" find the same place on SQLite and PostgreSQL alike.
"""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Python side: C0 controls other than tab/newline/CR, DEL, C1 controls, surrogates and the two
# XML non-characters.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
# Bidirectional controls: embeddings and overrides (U+202A-202E), isolates (U+2066-2069) and the
# invisible direction marks (U+200E, U+200F, U+061C). In a name or a title they can make text
# display as something other than what it is (a place name that reads backwards in a list), and
# nothing in Ukrainian, Russian or English needs them there. Multi-line text (quotes, summaries,
# rationales), always shown as a paragraph of its own, which ends any isolate, keeps the isolates
# and marks a quote in a right-to-left language may need, but not the overrides, which Unicode
# itself replaced with isolates.
BIDI_OVERRIDES = "\u202a-\u202e"
BIDI_CONTROLS = f"\u061c\u200e\u200f{BIDI_OVERRIDES}\u2066-\u2069"
MULTILINE_FORBIDDEN = re.compile(f"[{_CONTROL}{BIDI_OVERRIDES}]")
SINGLE_LINE_FORBIDDEN = re.compile(f"[{_CONTROL}\t\n\r\u2028\u2029{BIDI_CONTROLS}]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")

# Database side: the same classes in a syntax both PostgreSQL and Python's re understand. NUL
# and surrogates cannot reach PostgreSQL text at all, so they are left out here.
DB_MULTILINE_FORBIDDEN = "[\\u0001-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]"
DB_SINGLE_LINE_FORBIDDEN = "[\\u0001-\\u001f\\u007f-\\u009f\\u2028\\u2029]"


@deconstructible
class TextValidator:
    """Refuses control characters and bidirectional overrides (and line breaks and every
    bidirectional control, for single-line fields)."""

    def __init__(self, single_line: bool = True):
        self.single_line = single_line

    def __call__(self, value):
        if not isinstance(value, str):
            return
        pattern = SINGLE_LINE_FORBIDDEN if self.single_line else MULTILINE_FORBIDDEN
        match = pattern.search(value)
        if match:
            raise ValidationError(
                _("Contains %(what)s (U+%(code)04X) at position %(pos)d; remove it."),
                code="control_character",
                params={
                    "what": _kind_of(match.group()),
                    "code": ord(match.group()),
                    "pos": match.start() + 1,
                },
            )

    def __eq__(self, other):
        return isinstance(other, TextValidator) and other.single_line == self.single_line


single_line_text = TextValidator(single_line=True)
multiline_text = TextValidator(single_line=False)


def _kind_of(character: str) -> str:
    if character in "\t\n\r\u2028\u2029":
        return _("a line break")
    if _BIDI.fullmatch(character):
        return _("a character that changes the direction of text")
    if "\ud800" <= character <= "\udfff" or character in "\ufffe\uffff":
        return _("a character that is not valid Unicode text")
    return _("a control character")


def check_text_field(
    name: str, value: str, *, max_length: int | None = None, single_line: bool = True
) -> None:
    """Raise a ValidationError naming field ``name`` if ``value`` breaks the text rules."""
    validators = [TextValidator(single_line)]
    if max_length is not None:
        validators.append(MaxLengthValidator(max_length))
    for validator in validators:
        try:
            validator(value)
        except ValidationError as error:
            raise ValidationError({name: error.error_list}) from None


def _text_errors(instance: models.Model) -> dict[str, list[ValidationError]]:
    """The text rules applied to every editable text field of ``instance``.

    CharFields are single lines and TextFields may have line breaks, whatever validators a field
    declares: URL, language and colour fields check their format with patterns that let control
    characters or a final line break through.
    """
    errors = {}
    for name, attname, validator in _text_fields(type(instance)):
        value = getattr(instance, attname)
        if value:
            try:
                validator(value)
            except ValidationError as error:
                errors[name] = error.error_list
    return errors


@functools.cache
def _text_fields(model: type[models.Model]) -> list[tuple[str, str, TextValidator]]:
    """Each editable text field's name, attribute and rule: looked for once per model, not on
    every check (an import checks a few hundred thousand records)."""
    return [
        (
            field.name,
            field.attname,
            single_line_text if isinstance(field, models.CharField) else multiline_text,
        )
        for field in model._meta.concrete_fields
        if field.editable and isinstance(field, (models.CharField, models.TextField))
    ]


def full_clean_with_text_rules(
    instance: models.Model, *, exclude=(), database: bool = True
) -> None:
    """``instance.full_clean()``, after checking every text field against the text rules.

    A field that breaks them is left out of the model's own checks: unique and check constraints
    are validated by a query, which a NUL or a surrogate would make fail in the database.
    ``database=False`` leaves those queries (and ``exclude``, relations to records not saved
    yet) to the database's own constraints at insert: bulk imports check thousands of rows.
    """
    errors = _text_errors(instance)
    try:
        instance.full_clean(
            exclude={*errors, *exclude}, validate_unique=database, validate_constraints=database
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def printable(value: str, limit: int = 40) -> str:
    """``value`` shortened, with what a terminal or a page could act on made visible, for quoting
    user input back in an error message."""
    shown = SINGLE_LINE_FORBIDDEN.sub("\ufffd", value[:limit])
    return shown if len(value) <= limit else f"{shown}…"


def text_constraints(model_label: str, field: str, *, max_length: int | None, single_line: bool):
    """Check constraints that keep one text column clean whatever writes to it."""
    pattern = DB_SINGLE_LINE_FORBIDDEN if single_line else DB_MULTILINE_FORBIDDEN
    constraints = [
        models.CheckConstraint(
            condition=~Q(**{f"{field}__regex": pattern}),
            name=f"{model_label}_{field}_no_control_chars",
        )
    ]
    if max_length is not None:
        # SQLite does not enforce varchar lengths and TextField has none: say it once, here.
        constraints.append(
            models.CheckConstraint(
                condition=LessThanOrEqual(Length(field), max_length),
                name=f"{model_label}_{field}_max_length",
            )
        )
    return constraints


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (ё → е, é → e, Ä → a)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def search_document(*parts: str) -> str:
    """Folded words of ``parts`` separated by single spaces, with a space at each end.

    The padding lets SQLite match whole words with ``LIKE '% word %'``; PostgreSQL builds its
    tsvector from the same string, so both databases agree on what a word is.
    """
    tokens = [w for part in parts if part for w in words(part)]
    return f" {' '.join(tokens)} " if tokens else ""


# Cyrillic letters as Latin, so that a name typed in either script meets the other.
_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "e",
        "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
        "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
        "ь": "", "э": "e", "ю": "iu", "я": "ia",
    }
)  # fmt: skip
# Spellings that transliteration schemes (and German, Polish, French) write differently. The
# one letter г is "g" from Russian and "h" from Ukrainian (Prigozhin, Prihozhyn; Gorlovka,
# Horlivka); German and Polish write в as "w" (Charkiw, Artemiwsk).
_SOUNDS = [("shch", "sh"), ("kh", "h"), ("ch", "h"), ("ck", "k"), ("g", "h"), ("w", "v")]
_VOWELS = re.compile(r"[aeiouy']")


def skeleton(text: str) -> str:
    """A name's consonants in Latin letters, words kept apart: Bakhmut, Bachmut and Бахмут all
    become "bhmt"; Artemovsk, Artemivsk and Артёмовск "rtmvsk"; Prigozhin, Prihozhyn and
    Пригожин "prhzhn". Equal or containing skeletons are spellings of the same name far more
    often than not; exact matches rank first."""
    latin = fold(text).translate(_LATIN)
    for written, said in _SOUNDS:
        latin = latin.replace(written, said)
    return " ".join(_VOWELS.sub("", w) for w in WORD.findall(latin)).strip()
