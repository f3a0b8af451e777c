"""Places an article introduces that are not on file: villages and sites copy names once as
places ("the villages of Hryhorivka and Vodyane", "settlements near the town: A, B and C",
"the Azovstal steelworks") and then by name alone.

A name counts as a place when the article introduces it through one of a few forms: after a
place noun and "of", in a list after a plural place noun and a colon, before a site noun, or,
for a single word with a Ukrainian or Russian place-name ending, after a preposition of place
or a verb of taking. Once introduced, every mention of the name in the article is that place,
so "It lists Ulanok as under Russian control" is read like a sentence about a town on file.
"""

import calendar
import difflib
import re

from spacy.util import filter_spans

NAME = r"[A-ZА-ЯІЇЄҐ][\w'’]+(?:-[A-ZА-ЯІЇЄҐ]?[\w'’]+)?"
# A two-word name ("Cherkasskoye Porechnoye", "Velyka Novosilka") is allowed in the noun forms,
# where the place noun says what the words are.
LONG_NAME = rf"{NAME}(?:\s+{NAME})?"


def _listed(name: str) -> str:
    return rf"(?P<names>{name}(?:,\s+{name})*(?:,?\s+and\s+{name})?)"


PLACE_NOUN = r"(?:villages?|towns?|cit(?:y|ies)|settlements?|hamlets?|localit(?:y|ies))"
FORMS = (
    # "the villages of Hryhorivka, Halytsynivka and Vodyane", "the nearby town of Borivske".
    re.compile(rf"\b{PLACE_NOUN}\s+of\s+{_listed(LONG_NAME)}"),
    # "four other settlements near Pokrovsk: Zhuravka, Skuchne, Karlovka and Zavitne", "four
    # settlements were now under its control, including Yampil".
    re.compile(rf"\b{PLACE_NOUN}\b[^.:;\"“”]{{0,60}}(?::|,?\s+including)\s+{_listed(LONG_NAME)}"),
    # "Druzhba, east of Toretsk", "Novenke, a few kilometres from Basivka", "Snagost, one of
    # the villages Russia says it recaptured": a name placed by where it lies.
    re.compile(
        rf"(?P<names>{NAME}),\s+(?:(?:about|some|just|only|roughly|around|a few|several|"
        r"[0-9]+)\s+)*(?:(?:kilometres|kilometers|km|miles)\s+)?(?:(?:north|south|east|west)"
        r"(?:-?(?:east|west))?\s+of|from)\b|"
        rf"(?P<one>{NAME}),\s+one of the {PLACE_NOUN}\b"
    ),
    # "Pisky, in the Donetsk region", "Kamyanka, in the north-eastern corner of the Kharkiv
    # region", "… and Hlyboke in the Sumy region": a name placed by the area it lies in.
    re.compile(
        rf"(?:(?P<names>{NAME}),|\band\s+(?P<one>{NAME}))\s+in\s+(?:the\s+|Ukraine's\s+|Russia's\s+)?"
        r"(?:[a-z-]+\s+){0,3}"
        rf"(?:of\s+(?:the\s+)?)?{NAME}\s+(?:region|oblast|province|Oblast|Region)\b"
    ),
    # "Hrakove and Ivanivka, villages a few kilometres from …", "a third village, Udy",
    # "Oleksandrivka, another village nearby": a plural or singular place noun in apposition.
    re.compile(
        rf"{_listed(NAME)},\s+(?:(?:two|three|four|five|several|small|tiny|frontline|front-line)"
        rf"\s+)?(?:villages|settlements|hamlets)\b|"
        rf"(?P<one>{NAME}),\s+(?:another\s+|a\s+(?:small\s+|tiny\s+)?)(?:village|settlement|"
        r"hamlet)\b"
    ),
    re.compile(
        rf"\b(?:a|another|the)\s+(?:first|second|third|fourth|fifth|sixth|nearby|small|tiny)\s+"
        rf"(?:village|settlement|hamlet),\s+(?P<names>{LONG_NAME})\b"
    ),
    # "two settlements in eastern Ukraine, Zolota Nyva and Zoryane Pershe", "Berdychi and two
    # nearby villages, Semenivka and Novomykhailivka": the places a counted noun stands for.
    re.compile(
        r"\b(?:two|three|four|five|six|several|[0-9]+)\s+(?:[a-z-]+\s+)?"
        rf"(?:villages|settlements|towns|hamlets)\b[^.:;\"“”,]{{0,40}},\s+{_listed(LONG_NAME)}"
    ),
    # "Mariupol's Azovstal steelworks", "the Azovstal metallurgical plant".
    re.compile(
        rf"(?P<names>{NAME})\s+(?:[a-z]+\s+)?(?:steelworks|steel plant|plant|works|mine|factory)\b"
    ),
)
# Endings of Ukrainian and Russian place names in English spelling (Mykolaivka, Borivske,
# Syrotyne, Voronove, Zolote, Vodyane, Prokhorovka, Starobilsk …).
TOPONYM_ENDING = re.compile(
    r"(?:ivka|ovka|yivka|ivske|ske|tske|ove|eve|ovo|evo|yne|ine|ino|ane|yane|ote|ne|ye|oye|sk)$"
)
# Words before a place: prepositions of place and verbs of taking ("capture Mykolaivka").
PLACE_BEFORE = (
    r"\b(?:in|near|of|from|outside|around|into|towards?|at|captured?|capturing|took|take|taken|"
    r"seized?|seizing|liberated?|liberating|retook|retaken|recaptured?|entered|reached|secured|"
    r"regained|cleared|occupied|"
    r"as well as)\s+"
)
AREA_WORDS = ("region", "oblast", "province", "district", "raion")
# "in the Luhansk region", "the Pokrovsk direction": a name that only qualifies an area.
SINGLE = (
    rf"{NAME}(?!\s+[A-ZА-ЯІЇЄҐ])(?!\s+(?:{'|'.join(AREA_WORDS)}|regional|direction|sector|axis|"
    r"front|area)\b)"
)
BY_ENDING = re.compile(rf"{PLACE_BEFORE}{_listed(SINGLE)}")
NAMES_SPLIT = re.compile(r",?\s+and\s+|,\s+")
# Capitalised words that start a sentence or name a time, never a place.
NOT_NAMES = frozenset(
    {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "these", "those"}
    | {n.lower() for n in (*calendar.month_name, *calendar.day_name) if n}
    # "MOSCOW, Oct 8 (Reuters)": a dateline's month.
    | {n.lower() for n in calendar.month_abbr if n}
    | {"sept"}
)


def introduced(text: str, known: set[str]) -> list[str]:
    """Names ``text`` introduces as places, in order, except the ``known`` ones (lower case:
    the gazetteer's place and actor names and the sides' words)."""
    # "Kyiv's troops would keep operating in Kursk": the short name of a region on file
    # ("Kursk region") is that region, not a new town.
    known = known | {
        k.split()[0] for k in known if len(k.split()) == 2 and k.split()[1] in AREA_WORDS
    }
    found: dict[str, None] = {}
    for form in FORMS:
        for match in form.finditer(text):
            for name in NAMES_SPLIT.split(match.group("names") or match.group("one")):
                _add(found, name, known)
    for match in BY_ENDING.finditer(text):
        names = NAMES_SPLIT.split(match.group("names"))
        placed = [n for n in names if TOPONYM_ENDING.search(n.lower())]
        if placed and " and " in match.group("names") and 2 * len(placed) >= len(names):
            # "have liberated Borysivka, Ohirtseve, Pletenivka, Pylna and Strilecha", "seized
            # Hrabovske and Vysoke": a list at least half of whose names end like places is a
            # list of places.
            placed = names
        for name in placed:
            _add(found, name, known)
    return list(found)


# "the defence ministry said, using the Russian name for the village": the names of that
# sentence are other spellings of places the article names; "Yagodnoye (Yahidne)" as well.
RUSSIAN_NAME = re.compile(r"\busing (?:the )?Russian names? for\b")
IN_BRACKETS = re.compile(rf"(?P<alias>{NAME}) \((?P<name>{LONG_NAME})\)")
SENTENCE = re.compile(r"[^.!?]+[.!?]?")
# How alike two spellings of one place are at least ("Basovka", "Basivka").
ALIKE = 0.8


def aliases(text: str, names: list[str], places: dict[str, str]) -> dict[str, str]:
    """Introduced ``names`` that are another spelling of a place: alias → that place's slug
    (``places`` maps the lower-case names on file to slugs) or introduced name."""
    lowered = text.lower()
    # Only places the article names can be what its other spellings stand for.
    targets = {k: v for k, v in places.items() if k in lowered}
    targets.update({n.lower(): n for n in names})
    found = {}
    for match in IN_BRACKETS.finditer(text):
        alias, name = match["alias"], match["name"]
        if alias in names and name.lower() in targets and alias != name:
            found[alias] = targets[name.lower()]
    for sentence in SENTENCE.finditer(text):
        if not RUSSIAN_NAME.search(sentence.group()):
            continue
        for name in names:
            if name in found or not re.search(rf"\b{re.escape(name)}\b", sentence.group()):
                continue
            score, target = max(
                (difflib.SequenceMatcher(None, name.lower(), other).ratio(), other)
                for other in targets
                if other != name.lower()
            )
            if score >= ALIKE:
                found[name] = targets[target]
    return found


def _add(found: dict, name: str, known: set[str]) -> None:
    name = name.strip()
    words = name.lower().split()
    if name and name.lower() not in known and not any(w in known or w in NOT_NAMES for w in words):
        found[name] = None


def find(doc, names: list[str], spans: list, alias: dict[str, str] | None = None) -> list:
    """``spans`` (the gazetteer's matches in ``doc``) and every mention of ``names`` and of
    ``alias`` names, labelled with the name itself or the place it is another spelling of; a
    gazetteer match wins where they overlap."""
    alias = alias or {}
    if not names and not alias:
        return spans
    words = [*names, *alias]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in words) + r")\b")
    extra = []
    for match in pattern.finditer(doc.text):
        label = alias.get(match.group(), match.group())
        span = doc.char_span(match.start(), match.end(), label=label)
        if span is not None and not any(s.start < span.end and span.start < s.end for s in spans):
            extra.append(span)
    return filter_spans([*spans, *extra])
