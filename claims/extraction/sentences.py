"""An article cut into the units the rules read: paragraphs, sentences, and the clauses of a
sentence that carry a statement each, with the places and actors found in them."""

import re
from dataclasses import dataclass

from claims.extraction import lexicon
from claims.extraction.gazetteer import Gazetteer
from claims.extraction.pipeline import nlp

# Where a sentence's coordinated clauses meet: each may say something else about its own place
# ("denied that Pokrovsk has fallen, and says its forces are fighting back in Myrnohrad").
COORDINATE = re.compile(
    r",\s+(?:and|but|while|whereas)\s+(?:that\s+)?|;\s*|\s+but\s+(?:that\s+)?|"
    r"\s+and\s+(?:says?\s+|said\s+|that\s+|(?=(?:are|is|was|were|has|have|had)\b))"
)


@dataclass
class Speaker:
    ref: str
    known: bool
    side: str | None
    kind: str
    start: int
    end: int
    text: str
    how: str


@dataclass
class Sentence:
    index: int
    paragraph: int
    text: str
    places: list  # (start, end, slug, text)
    actors: list  # (start, end, ActorEntry, text)
    # Days this clause's statement came before the clause ahead of it ("a day after …": 1).
    days_before: int | None = None
    # Split from the sentence of the clause before, at a joint that brings in a new speaker.
    joined: bool = False
    # Which sentence of the text the clause belongs to: distances are counted in sentences.
    number: int = 0


def split_sentences(text: str, gazetteer: Gazetteer):
    index = 0
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if paragraphs and _is_headline(paragraphs[0]) and len(paragraphs) > 1:
        # A headline sums up the statements the body reports, with their speakers abridged.
        paragraphs = paragraphs[1:]
    sentence_number = 0
    for number, doc in enumerate(nlp.pipe(paragraphs)):
        places = gazetteer.find_places(doc)
        actors = gazetteer.find_actors(doc)
        for sent in doc.sents:
            sentence_number += 1
            for part, (start, end, days_before) in enumerate(_clauses(sent)):
                yield Sentence(
                    index=index,
                    paragraph=number,
                    number=sentence_number,
                    days_before=days_before,
                    joined=part > 0 and not doc.text[:start].rstrip().endswith(";"),
                    text=doc.text[start:end],
                    places=[
                        (s.start_char - start, s.end_char - start, s.label_, s.text)
                        for s in places
                        if s.start_char >= start and s.end_char <= end
                    ],
                    actors=[
                        (
                            s.start_char - start,
                            s.end_char - start,
                            gazetteer.actor_by_slug[s.label_],
                            s.text,
                        )
                        for s in actors
                        if s.start_char >= start and s.end_char <= end
                    ],
                )
                index += 1


def _is_headline(paragraph: str) -> bool:
    return len(paragraph) < 160 and not paragraph.rstrip().endswith((".", "!", "?", '"', "”"))


def _clauses(sent) -> list[tuple[int, int, int | None]]:
    """Character ranges of a sentence's clauses: a semicolon joins two statements, and so does a
    conjunction that brings in a second speaker ("…, a day after Kyiv's forces said they were
    pulling back", "…, while Ukraine's army said …"), each clause with its speaker and verb.
    The third item is how many days before the clause ahead of it a clause's statement came,
    when the joint says so ("a day after": 1; "hours after": 0)."""
    ranges, start = [], sent.start_char
    for token in sent:
        if token.text == ";":
            ranges.append((start, token.idx))
            start = token.idx + 1
            while start < sent.end_char and sent.doc.text[start] == " ":
                start += 1
    ranges.append((start, sent.end_char))
    split = []
    for begin, end in ranges:
        days = None
        text = sent.doc.text[begin:end]
        cut = _second_statement(text)
        while cut is not None:
            split.append((begin, begin + cut[0], days))
            days = lexicon.joint_days(text[cut[0] : cut[1]])
            begin += cut[1]
            text = sent.doc.text[begin:end]
            cut = _second_statement(text)
        split.append((begin, end, days))
    return [(s, e, d) for s, e, d in split if e > s]


def _second_statement(text: str) -> tuple[int, int] | None:
    """Where a clause with its own speech verb starts after a first statement: the end of the
    first clause and the start of the second, or None."""
    lowered = text.lower()
    first_speech = lexicon.SPEECH.search(lowered)
    if first_speech is None:
        return None
    for joint in lexicon.STATEMENT_JOINT.finditer(lowered, first_speech.end()):
        rest = lowered[joint.end() :]
        if lexicon.SPEECH.search(rest[:120]) and not _inside_quote(text, joint.start()):
            return joint.start(), joint.end()
    return None


def _inside_quote(text: str, at: int) -> bool:
    return (text[:at].count('"') % 2 == 1) or (text[:at].count("“") > text[:at].count("”"))


def mask(sentence: Sentence) -> str:
    chars = list(sentence.text.lower())
    for start, end, _, _ in sentence.places:
        chars[start:end] = "§" * (end - start)
    return "".join(chars)
