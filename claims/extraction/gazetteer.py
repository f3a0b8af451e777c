"""Who and where the text can name: places, actors and sides, with every name they go by.

A :class:`Gazetteer` is plain data (built from the database by
:func:`claims.selectors.extraction_gazetteer`, or from a JSON file by the evaluation), so the
extraction stays a pure function and adding a name or an alias on the desk improves it.
"""

import copy
import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from claims.extraction import toponyms
from claims.extraction.pipeline import nlp

# Ukrainian and Russian decline place names ("під Бахмутом", "в Авдіївці"): the gazetteer
# matches a name's usual case forms as well as the name itself.
_CONSONANT_ENDINGS = ("а", "у", "ом", "ем", "і", "ові", "е", "і", "ю", "ой", "ы", "и")
_A_ENDINGS = ("и", "і", "у", "ю", "ою", "ею", "ой", "ей", "е", "ы")
_O_ENDINGS = ("я", "ю", "ем", "і", "а", "у", "ом", "е")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# The adjective and "X's" forms a side is named by in English copy, beside its own name.
SIDE_WORDS = {
    "russia": ("russia", "russian", "russians", "moscow", "kremlin", "russian federation"),
    "ukraine": ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
}


def inflections(name: str) -> list[str]:
    """``name`` and, for a one-word Cyrillic name, its common case forms."""
    forms = [name]
    if " " in name or not _CYRILLIC.search(name):
        return forms
    lower = name.lower()
    if lower[-1] in "ая":
        stem = name[:-1]
        forms += [stem + e for e in _A_ENDINGS]
        if stem.endswith("к"):
            forms += [stem[:-1] + "ці", stem[:-1] + "це"]
    elif lower[-1] in "ое":
        forms += [name[:-1] + e for e in _O_ENDINGS]
    elif lower[-1] not in "йьіиыу":
        forms += [name + e for e in _CONSONANT_ENDINGS]
    elif lower[-1] in "йь":
        forms += [name[:-1] + e for e in ("я", "ю", "ем", "і", "ей", "е")]
    return forms


@dataclass(frozen=True)
class PlaceEntry:
    slug: str
    name: str
    kind: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorEntry:
    slug: str
    name: str
    kind: str
    side: str | None
    names: tuple[str, ...] = ()
    # Organisations are "it"; people are "he"/"she" when the copy refers back to them.
    person: bool = False


@dataclass(frozen=True)
class SideEntry:
    slug: str
    name: str


@dataclass
class Gazetteer:
    places: list[PlaceEntry] = field(default_factory=list)
    actors: list[ActorEntry] = field(default_factory=list)
    sides: list[SideEntry] = field(default_factory=list)
    # Places one article introduces that are not on file (their slug is the name as written).
    introduced: tuple[str, ...] = ()
    # Other spellings of places in one article ("Basovka" for Basivka): name → place slug.
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_records(cls, *, places=(), actors=(), sides=()) -> "Gazetteer":
        """From plain dicts (the evaluation's JSON, the selector's rows)."""
        return cls(
            places=[
                PlaceEntry(p["slug"], p["name"], p.get("kind", "town"), tuple(p.get("names", ())))
                for p in places
            ],
            actors=[
                ActorEntry(
                    a["slug"],
                    a["name"],
                    a.get("kind", "other"),
                    a.get("side"),
                    tuple(a.get("names", ())),
                    a.get("kind") in PERSON_KINDS,
                )
                for a in actors
            ],
            sides=[SideEntry(s["slug"], s["name"]) for s in sides],
        )

    @cached_property
    def place_by_slug(self) -> dict[str, PlaceEntry]:
        return {p.slug: p for p in self.places}

    @cached_property
    def actor_by_slug(self) -> dict[str, ActorEntry]:
        return {a.slug: a for a in self.actors}

    @cached_property
    def side_slugs(self) -> list[str]:
        return [s.slug for s in self.sides]

    def other_side(self, side: str | None) -> str | None:
        """The opposing side, when there are exactly two."""
        others = [s for s in self.side_slugs if s != side]
        return others[0] if side and len(others) == 1 else None

    @cached_property
    def place_matcher(self) -> PhraseMatcher:
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for place in self.places:
            names = {form for n in (place.name, *place.names) for form in inflections(n)}
            matcher.add(place.slug, [nlp.make_doc(n) for n in sorted(names)])
        return matcher

    @cached_property
    def actor_matcher(self) -> PhraseMatcher:
        # Copy spells titles either way ("Defence Ministry", "defence ministry") and names in
        # several transliterations ("Haidai", "Gaidai"): matched on folded forms.
        matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for actor in self.actors:
            names = {actor.name, *actor.names}
            matcher.add(actor.slug, [_folded(nlp.make_doc(n)) for n in sorted(names)])
        return matcher

    def find_places(self, doc) -> list:
        spans = filter_spans(self.place_matcher(doc, as_spans=True))
        return toponyms.find(doc, list(self.introduced), spans, self.aliases)

    @cached_property
    def known_words(self) -> set[str]:
        """Every name on file, lower case: what an article cannot introduce as a new place."""
        words = set(self.side_words())
        for entry in (*self.places, *self.actors):
            words.update(n.lower() for n in (entry.name, *entry.names))
        return words

    def for_article(self, text: str) -> "Gazetteer":
        """This gazetteer with the places ``text`` introduces, sharing the built matchers."""
        names = toponyms.introduced(text, self.known_words)
        if not names:
            return self
        on_file = {n.lower(): p.slug for p in self.places for n in (p.name, *p.names)}
        aliases = toponyms.aliases(text, names, on_file)
        names = [n for n in names if n not in aliases]
        self.place_matcher, self.actor_matcher  # noqa: B018 (built once, shared by the copy)
        local = copy.copy(self)
        local.introduced = tuple(names)
        local.aliases = aliases
        local.__dict__["place_by_slug"] = {
            **self.place_by_slug,
            **{n: PlaceEntry(n, n, "village") for n in names},
        }
        return local

    def find_actors(self, doc) -> list:
        return filter_spans(self.actor_matcher(_folded(doc), as_spans=True))

    def side_words(self) -> dict[str, str]:
        """Lower-case word → side slug, from the sides' names and the built-in adjectives."""
        words = {}
        for side in self.sides:
            words[side.name.lower()] = side.slug
            for word in SIDE_WORDS.get(side.slug, ()):
                words[word] = side.slug
        return words


# Ukrainian Г is H in Ukrainian transliteration and G in Russian ("Haidai", "Gaidai"); a name's
# ending is -yi, -iy, -ii or -y by convention ("Zaluzhnyi", "Zaluzhny"; "Serhiy", "Serhii").
_FOLD_ENDING = re.compile(r"(?:iy|yi|ii|yy|ij|y)$")


def fold(word: str) -> str:
    """A name's spelling with the transliteration differences of Ukrainian names folded away."""
    return _FOLD_ENDING.sub("i", word.lower().replace("g", "h"))


def _folded(doc):
    for token in doc:
        token.norm_ = fold(token.text)
    return doc


PERSON_KINDS = frozenset(
    {"spokesperson", "head_of_state", "government_official", "journalist", "other"}
)
