"""Settlements the gazetteer does not hold yet, named as places by the sentence around them.

Copy is full of villages no database has on file ("its forces had taken the village of
Lastivka", "Novokrasne, a village west of …", "село Ластівка"). A capitalised word is taken for
a place only when a structural marker says so — a settlement noun before or after it, a region
after it, a list after "settlements:" — never for being capitalised, so a word that opens a
sentence is never read as a place by itself. Once marked, every mention of the name in the
article is that place. :func:`with_new_places` lends the names to the gazetteer for one article,
so every rule reads them as it reads a known place; :func:`settle` then turns their proposals
into new places, written as the article names them.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property

from django.utils.translation import gettext
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from claims.extraction.gazetteer import Gazetteer, PlaceEntry, inflections
from claims.extraction.pipeline import nlp
from claims.extraction.proposals import Extraction

# A slug no record can have (slugs hold no "+"), so a new place never shadows a known one.
NEW_SLUG = "+new:"
NEW_KIND = "village"

_CAP = "[A-ZА-ЯЁІЇЄҐ]"
_WORD = rf"{_CAP}[\w'’ʼ]*(?:-[\w'’ʼ]+)*"
# One to three capitalised words: "Lastivka", "Cherkasskoye Porechnoye", "Novo-Oleksandrivka".
NAME = rf"{_WORD}(?: {_WORD}){{0,2}}"
# A list of settlements is short; the bound keeps a pasted list of capitalised words cheap.
LIST = rf"{NAME}(?:\s*,\s*{NAME}){{0,11}}(?:\s*,?\s+(?:and|or|та|і|й|и)\s+{NAME})?"
_LIST_JOINT = re.compile(r"\s*,\s*(?:(?:and|or|та|і|й|и)\s+)?|\s+(?:and|or|та|і|й|и)\s+")
_SETTLEMENT = r"(?:urban-type settlements?|villages?|towns?|settlements?|cities|city|hamlets?)"
_SETTLEMENT_ONE = r"(?:village|town|settlement|city|hamlet)"
_REGION = r"(?:region|oblast|province)"
# Ukrainian and Russian settlement nouns, in any case: the name follows them.
_NOUN_UK_RU = (
    r"(?i:\b(?:сел[оаіуиеом]|селом|селищ[еаіуом]|селищем|населен\w* пункт\w*|"
    r"населённ\w* пункт\w*|н\.\s?п\.|смт|посел[оё]?к\w*|пос[её]лк\w*|деревн\w+|хутор\w*))"
)
# The noun's forms that are not nominative or accusative: the name after them may be declined.
_OBLIQUE_NOUN = re.compile(
    r"(?i)^(?:селі|селу|селом|селищі|селищу|селищем|селе|"
    r"населено\w* пункт\w+|населенн?о?му пункт\w+|населенн?ого пункт\w+|"
    r"населённ?ом пункт\w+|населённ?ого пункт\w+|посёлке|поселке|посёлка|поселка|деревне|"
    r"деревни)$"
)

# Each marker: a pattern with a ``list`` group of names, and whether a name it marks may open a
# sentence (after a settlement noun it may; before "village" or a region, a sentence's first
# word is too often an ordinary word: "Fighting in the Donetsk region …").
MARKERS = (
    # "the village of Lastivka", "the satellite villages of Syrotyne, Voronove and Borivske".
    (re.compile(rf"\b{_SETTLEMENT}\s+of\s+(?P<list>{LIST})"), True),
    # "four other settlements near Pokrovsk: Zhuravka, Skuchne and Zavitne".
    (re.compile(rf"\b(?:villages|settlements|towns)\b[^.:;]{{0,60}}:\s*(?P<list>{LIST})"), True),
    # "Lastivka village".
    (re.compile(rf"(?P<list>{NAME})\s+(?:village|settlement|hamlet)\b"), False),
    # "Novokrasne, a village west of …", "Novokrasne, a small frontline village".
    (
        re.compile(
            rf"(?P<list>{NAME}),\s+(?:an?|the)\s+(?:(?!of\b)[\w-]+\s+){{0,3}}?{_SETTLEMENT_ONE}\b"
        ),
        False,
    ),
    # "Kamianske in the Zaporizhzhia region".
    (re.compile(rf"(?P<list>{NAME})\s+in\s+(?:the\s+)?{_WORD}\s+{_REGION}\b"), False),
    # "село Ластівка", "населений пункт Новокрасне", "н.п. Ластівка".
    (re.compile(rf"(?P<noun>{_NOUN_UK_RU})\s+(?P<list>{LIST})"), True),
)


def _listed(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


# Capitalised words that a marker can sit next to and that are never a settlement's name.
_NEVER = _listed(
    "january february march april may june july august september october november december",
    "monday tuesday wednesday thursday friday saturday sunday",
    "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад",
    "грудень понеділок вівторок середа четвер пʼятниця п'ятниця субота неділя",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "понедельник вторник среда четверг пятница суббота воскресенье",
    "the a an this that these those its his her their our another other both all",
    "northern southern eastern western central frontline front-line soviet",
    "north south east west village town city settlement region oblast",
)
_SENTENCE_START = re.compile(r"(?:[.!?…]\s+|[\n\"“«]\s*)$")
_DECLENSIONS = {
    # -ка: "у селі Ластівці", "села Ластівки", "в селе Ластовке", "деревней Ластовкой".
    "ка": ("ці", "ки", "ку", "кою", "ке", "кой"),
}
_ADJECTIVE_UK = ("ому", "ого", "ім")  # "у селі Новокрасному" → "Новокрасне"
_ADJECTIVE_RU = ("ом", "ого", "ому", "ым")  # "в селе Новокрасном" → "Новокрасное"
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")


@dataclass(frozen=True)
class NewPlace:
    name: str
    marker: str  # the words that mark it as a place, for the editor's "why"

    @property
    def slug(self) -> str:
        return NEW_SLUG + self.name


def find_new_places(text: str, gazetteer: Gazetteer) -> list[NewPlace]:
    """Settlements ``text`` names by structure that ``gazetteer`` does not know, in order."""
    index = _index(gazetteer)
    found: dict[str, tuple[int, NewPlace]] = {}
    later_mentions = _mid_sentence_words(text)
    for pattern, may_open in MARKERS:
        for match in pattern.finditer(text):
            noun = match.groupdict().get("noun")
            marker = match.group().strip()
            at = match.start("list")
            for listed, listed_at in _names(match["list"], at):
                named = index.without_descriptors(listed, listed_at)
                if named is None:
                    continue
                name, start = named
                opens = start == 0 or _SENTENCE_START.search(text[max(0, start - 4) : start])
                opens = opens and name not in later_mentions
                if opens and not may_open:
                    continue
                name = _base_form(name, noun, marker)
                if not index.refuses(name):
                    found.setdefault(name, (start, NewPlace(name, marker)))
    return [place for _, place in sorted(found.values(), key=lambda f: f[0])]


def with_new_places(text: str, gazetteer: Gazetteer) -> Gazetteer:
    """``gazetteer`` with the settlements ``text`` marks as places (itself when there are none)."""
    new = find_new_places(text, gazetteer)
    if not new:
        return gazetteer
    return ExtendedGazetteer(
        places=[*gazetteer.places, *(PlaceEntry(p.slug, p.name, NEW_KIND) for p in new)],
        actors=gazetteer.actors,
        sides=gazetteer.sides,
        known=gazetteer,
        new={p.slug: p for p in new},
    )


def settle(result: Extraction, gazetteer: Gazetteer) -> None:
    """Proposals about a new place name it as written and say it is not on file."""
    new = getattr(gazetteer, "new", {})
    for claim in result.claims:
        place = new.get(claim.place)
        if place is None:
            continue
        known_why = {
            gettext("place “%(words)s” is %(name)s") % {"words": m.text, "name": place.name}
            for m in claim.marks
            if m.role == "place"
        }
        claim.why = [
            gettext("place “%(words)s”: not on file, proposed as a new place (marked by “%(by)s”)")
            % {"words": place.name, "by": place.marker}
            if why in known_why
            else why
            for why in claim.why
        ]
        claim.place = place.name
        claim.place_known = False
        # A place only the text vouches for is less certain than one on file.
        claim.confidence = round(max(claim.confidence - 0.1, 0.05), 2)


@dataclass
class ExtendedGazetteer(Gazetteer):
    """A gazetteer and the new places of one article: the known matchers are shared, not
    rebuilt, so lending the names costs only a matcher of the few new ones."""

    known: Gazetteer | None = None
    new: dict[str, NewPlace] = field(default_factory=dict)

    @cached_property
    def place_matcher(self) -> PhraseMatcher:
        return self.known.place_matcher

    @cached_property
    def actor_matcher(self) -> PhraseMatcher:
        return self.known.actor_matcher

    @cached_property
    def new_place_matcher(self) -> PhraseMatcher:
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for place in self.new.values():
            forms = sorted(set(inflections(place.name)))
            matcher.add(place.slug, [nlp.make_doc(f) for f in forms])
        return matcher

    def find_places(self, doc) -> list:
        known = list(self.place_matcher(doc, as_spans=True))
        return filter_spans(known + list(self.new_place_matcher(doc, as_spans=True)))


def _names(listed: str, offset: int):
    """The names of a list ("Syrotyne, Voronove and Borivske") with their offsets."""
    at = 0
    for joint in [*_LIST_JOINT.finditer(listed), None]:
        end = joint.start() if joint else len(listed)
        name = re.sub(r"['’]s$", "", listed[at:end].strip())
        if name:
            yield name, offset + at
        if joint:
            at = joint.end()


def _base_form(name: str, noun: str | None, context: str) -> str:
    """The name's nominative when a Ukrainian or Russian noun in an oblique case shows that it
    is declined ("у селі Ластівці" → "Ластівка"); otherwise the name as written."""
    if not noun or " " in name or not _OBLIQUE_NOUN.match(noun):
        return name
    for base, endings in _DECLENSIONS.items():
        for ending in endings:
            if name.endswith(ending) and len(name) > len(ending) + 2:
                return name[: -len(ending)] + base
    ukrainian = bool(_UKRAINIAN.search(context))
    for ending in _ADJECTIVE_UK if ukrainian else _ADJECTIVE_RU:
        if name.endswith(ending) and len(name) > len(ending) + 3:
            return name[: -len(ending)] + ("е" if ukrainian else "ое")
    return name


@dataclass
class _Index:
    """What a gazetteer says is never a new place, built once per gazetteer."""

    # Whole names: every run of an actor's words ("General Staff" of "General Staff of
    # Ukraine"), sides, the first word of a known place ("Zaporizhzhia" of "Zaporizhzhia
    # region"), and every known place name in its case forms.
    names: set[str]
    # Words that make any name a description ("Russian-held", "Northern"): sides and _NEVER.
    words: set[str]
    # Known names by first letter and length, for other spellings of them.
    spellings: dict[tuple[str, int], list[str]]

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> "_Index":
        words = set(_NEVER) | set(gazetteer.side_words())
        names = set(words) | {side.name.lower() for side in gazetteer.sides}
        for actor in gazetteer.actors:
            for name in (actor.name, *actor.names):
                parts = name.lower().split()
                names.update(
                    " ".join(parts[i:j])
                    for i in range(len(parts))
                    for j in range(i + 1, len(parts) + 1)
                )
        spellings: dict[tuple[str, int], list[str]] = {}
        for place in gazetteer.places:
            for name in (place.name, *place.names):
                lower = name.lower()
                names.add(lower.split()[0])
                names.update(form.lower() for form in inflections(name))
                spellings.setdefault((lower[0], len(lower)), []).append(lower)
        return cls(names, words, spellings)

    def without_descriptors(self, name: str, at: int) -> tuple[str, int] | None:
        """``name`` without the words that describe it ("Russian-held Lastivka" is Lastivka),
        with its offset; None for a phrase about something else ("Ukraine's General Staff")."""
        words = name.split(" ")
        if any(re.search(r"['’]s$", w) for w in words):
            return None
        while words and self._describes(words[0]):
            at += len(words.pop(0)) + 1
        return (" ".join(words), at) if words else None

    def _describes(self, word: str) -> bool:
        parts = word.lower().split("-")
        return any(p in self.words or (p.endswith("ed") and len(p) > 4) for p in parts)

    def refuses(self, name: str) -> bool:
        lower = name.lower()
        if len(name) < 3 or (name.isupper() and len(name) <= 6):
            return True  # initials: "ISW", "DPR"
        if lower in self.names:
            return True
        if any(self._describes(word) for word in name.split()):
            return True  # "Russian-occupied", "Kyiv-controlled": a description, not a name
        # Another spelling of a place on file ("Severodonetsk" for "Sievierodonetsk") is that
        # place, not a new one: it is left to the editor rather than created twice.
        near = (
            known
            for size in range(len(lower) - 3, len(lower) + 4)
            for known in self.spellings.get((lower[0], size), ())
        )
        return any(SequenceMatcher(None, lower, known).ratio() >= 0.85 for known in near)


def _index(gazetteer: Gazetteer) -> _Index:
    # Kept on the gazetteer, as its matchers are: the desk keeps one gazetteer per state of the
    # data, so the index is built once per write, not once per article.
    index = vars(gazetteer).get("_new_places_index")
    if index is None:
        index = vars(gazetteer)["_new_places_index"] = _Index.build(gazetteer)
    return index


def _mid_sentence_words(text: str) -> set[str]:
    """Capitalised words the text uses inside a sentence, where capitals mark names."""
    return {m.group(1) for m in re.finditer(rf"(?<=[\w,;:] )({_WORD})", text)}
