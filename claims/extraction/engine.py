"""From an article's text to proposed claims and verifications: rules over one sentence at a
time, with a little memory of the article (who spoke last, the date of the last statement).

A sentence yields a claim when it names a known place, holds a control cue from
:mod:`claims.extraction.lexicon` that is not hedged, and is attributed: a speaker named before
or after a speech verb ("…, the ministry said"), a pronoun pointing back to the last speaker, or
a new person named with a role. Narration without attribution is the outlet's own summary and
yields nothing. Sentences that report a check ("could not independently verify", "geolocated
footage showed") yield verifications of the claims before them instead.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext, gettext_lazy

from claims.choices import VERBS_WITHOUT_SIDE, Verb
from claims.extraction import dates, lexicon
from claims.extraction.cleaning import clean_text
from claims.extraction.gazetteer import ActorEntry, Gazetteer
from claims.extraction.pipeline import nlp
from claims.extraction.proposals import ClaimProposal, Extraction, Mark, VerificationProposal

# How a claimant was recognised, and what a date mark says, in the editor's language.
HOW = {"named": gettext_lazy("named"), "title": gettext_lazy("by title")}
DATE_ROLES = {"stated": gettext_lazy("stated"), "effective": gettext_lazy("refers to")}

# Verbs that say something about a side's control, and so can be answered.
ANSWERABLE = frozenset(
    {Verb.CAPTURED, Verb.LIBERATED, Verb.HOLDS, Verb.PARTIALLY_HOLDS, Verb.ENCIRCLED}
)
# Statements that go on about the place just named without repeating it ("the claim was not
# true", "fighting goes on"), and how many sentences back that place may lie.
CARRIED_VERBS = frozenset(
    {Verb.DENIED, Verb.CONTESTED, Verb.PARTIALLY_HOLDS, Verb.HOLDS, Verb.WITHDREW}
)
CARRY_WINDOW = 3
# How far ahead "Russia said" looks for the body the article quotes for Russia.
COUNTRY_LOOKAHEAD = 3
# Which statement stands when a claimant says several things about one place on one day: the
# most specific (a denial over the fighting it mentions, the claimant's "liberated" over a
# reporter's "captured").
VERB_RANK = {
    Verb.DENIED: 0,
    Verb.WITHDREW: 1,
    Verb.ENCIRCLED: 2,
    Verb.PARTIALLY_HOLDS: 3,
    Verb.LIBERATED: 4,
    Verb.CAPTURED: 5,
    Verb.HOLDS: 6,
    Verb.CONTESTED: 7,
    Verb.LEGAL_STATUS: 8,
}
_PLACE_LEVEL = {"oblast": 0, "raion": 1}


@dataclass
class _Speaker:
    ref: str
    known: bool
    side: str | None
    kind: str
    start: int
    end: int
    text: str
    how: str


@dataclass
class _Sentence:
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


def extract(
    text: str, *, published: date, gazetteer: Gazetteer, publisher: str | None = None
) -> Extraction:
    """Proposals for ``text`` (cleaned first; raises ``InputRefused`` if it cannot be read).

    ``publisher`` is the slug of the outlet, which a verification takes as its verifier when the
    sentence names none ("It could not be independently verified").
    """
    cleaned = clean_text(text)
    result = Extraction(text=cleaned.text, published=published, notes=cleaned.notes)
    state = _State(gazetteer=gazetteer, published=published, publisher=publisher)
    sentences = list(_sentences(cleaned.text, gazetteer))
    state.sentences = sentences
    for sentence in sentences:
        if not state.verification(sentence, result):
            state.claims_in(sentence, result)
    _dedupe(result)
    _link_answers(result)
    return result


def _sentences(text: str, gazetteer: Gazetteer):
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
                yield _Sentence(
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


def _masked(sentence: _Sentence) -> str:
    chars = list(sentence.text.lower())
    for start, end, _, _ in sentence.places:
        chars[start:end] = "§" * (end - start)
    return "".join(chars)


class _State:
    def __init__(self, *, gazetteer: Gazetteer, published: date, publisher: str | None):
        self.gazetteer = gazetteer
        self.published = published
        self.publisher = publisher
        self.last_speaker: _Speaker | None = None
        self.last_stated: date | None = None
        self.recent_sides: set[str] = set()
        self.paragraph_stated: tuple[int, date | None] = (-1, None)
        self.stated_in_text = False
        self.last_check = -1
        self.sentences: list[_Sentence] = []
        # (sentence index, place) of the last place a sentence claimed or named.
        self.last_place: tuple[int, tuple, int] | None = None
        self.side_words = gazetteer.side_words()
        words = sorted(self.side_words, key=len, reverse=True)
        alternatives = "|".join(re.escape(w) for w in words)
        self.force_pattern = re.compile(
            rf"\b(?P<word>{alternatives})(?:'s|’s)?\s+(?:\w+\s+){{0,2}}{lexicon.FORCES}\b|"
            r"\b(?:armed forces|defen[cs]e forces|troops|army) of (?:the )?"
            rf"(?P<of>{alternatives})\b|"
            # "Ukraine had retaken the village": a side named as the subject of the verb.
            rf"\b(?P<subject>{alternatives})\s+(?:had|has|have|was|were)\b"
        )

    # --- attribution ------------------------------------------------------------------------

    def _speaker(self, sentence: _Sentence, masked: str) -> _Speaker | None:
        speech = list(lexicon.SPEECH.finditer(masked))
        if not speech:
            return None
        candidates = [
            a for a in sentence.actors if not lexicon.NOT_SPEAKER_BEFORE.search(masked[: a[0]])
        ]
        cited = lexicon.CITED_BODY.search(masked)
        if cited:
            # "…, the Liga news site reported, citing a source in the General Staff": the
            # source's body speaks, not the outlet nor the forces the sentence is about.
            body = self._body(sentence, masked, cited)
            if body is not None:
                return body
        best = None
        for m in speech:
            for start, end, actor, words in candidates:
                between = masked[end : m.start()]
                if end <= m.start() and lexicon.APPOSITIVE.match(between):
                    # "Prigozhin, the founder of the Wagner Group, said": the name, not the group.
                    distance = -1
                elif end <= m.start() and m.start() - end <= 90:
                    distance = m.start() - end
                elif (
                    start >= m.end()
                    and start - m.end() <= 30
                    # "said that the Ukrainian military still controlled": what was said.
                    and not re.search(r"\bthat\b", masked[m.end() : start])
                ):
                    distance = start - m.end() + 5
                else:
                    continue
                if best is None or distance < best[0]:
                    best = (distance, start, end, actor, words)
        if best:
            _, start, end, actor, words = best
            return self._known(actor, start, end, words, "named")
        for m in speech:
            side_body = lexicon.SIDE_BODY.search(masked[: m.start()])
            if side_body and m.start() - side_body.end() <= 30:
                body = self._body(sentence, masked, side_body)
                if body is not None:
                    return body
        for m in speech:
            titled = self._titled(sentence, masked, m)
            if titled is not None:
                return titled
        for m in speech:
            anaphor = lexicon.ANAPHORA.search(masked[: m.start()])
            if anaphor and self.last_speaker is not None:
                prior = self.last_speaker
                return _Speaker(
                    prior.ref,
                    prior.known,
                    prior.side,
                    prior.kind,
                    anaphor.start(),
                    anaphor.end(),
                    sentence.text[anaphor.start() : anaphor.end()].strip(),
                    gettext("refers back to %(name)s") % {"name": prior.text},
                )
        new = lexicon.PERSON_NAME.search(sentence.text)
        if new and lexicon.NOT_A_PERSON.search(new["name"]):
            new = None
        if new and not any(
            a[0] < new.end("name") and new.start("name") < a[1]
            for a in sentence.actors + sentence.places
        ):
            role = (new["role"] or "").lower()
            side = next(
                (self.side_words[w] for w in re.findall(r"[\w']+", role) if w in self.side_words),
                None,
            )
            if side is None:
                side = next(
                    (s for w, s in self.side_words.items() if re.search(rf"\b{w}", role)), None
                )
            kind = next((k for k, pattern in lexicon.ROLE_KINDS if pattern.search(role)), "other")
            return _Speaker(
                new["name"], False, side, kind, new.start("name"), new.end("name"),
                new["name"], gettext("new person named with a speech verb"),
            )  # fmt: skip
        # An actor named before the first speech verb is its subject ("Moscow's ministry, in a
        # statement on Telegram, said …"); one named after it is what was said about.
        before = [a for a in candidates if a[1] <= speech[0].start()]
        if before:
            start, end, actor, words = before[0]
            return self._known(actor, start, end, words, "named in the sentence")
        return self._country(sentence, masked, speech[0])

    def _country(self, sentence: _Sentence, masked: str, speech) -> _Speaker | None:
        """ "Russia said …": the body the article goes on to quote for that side (its defence
        ministry, usually), named in the next few sentences."""
        named = lexicon.COUNTRY_SPEAKER.search(masked[: speech.start()])
        side = self.side_words.get(named.group(1)) if named else None
        if side is None:
            return None
        following = self.sentences[sentence.index + 1 : sentence.index + 1 + COUNTRY_LOOKAHEAD]
        for later in following:
            for _, _, actor, _ in later.actors:
                if actor.side == side:
                    start, end = named.span(1)
                    return self._known(
                        actor, start, end, sentence.text[start:end], f"quoted next as {actor.name}"
                    )
        return None

    def _titled(self, sentence: _Sentence, masked: str, speech) -> _Speaker | None:
        """ "The Defence Ministry said": the actor whose name ends so, told apart by the sides
        the sentence (or the one before) names, or by who spoke last."""
        title = lexicon.TITLE_BEFORE.search(masked[: speech.start()])
        if not title:
            return None
        words = title.group(1)
        if words in ("spokesman", "spokeswoman", "spokesperson", "president", "minister"):
            return None
        found = [
            actor
            for actor in self.gazetteer.actors
            if any(
                re.search(rf"(?:^|\s){re.escape(words)}$", name.lower().replace("’", "'"))
                for name in (actor.name, *actor.names)
            )
        ]
        if len(found) > 1:
            sides = {s for w, s in self.side_words.items() if re.search(rf"\b{w}\b", masked)}
            sides |= self.recent_sides
            narrowed = [a for a in found if a.side in sides]
            if len(narrowed) == 1 or (narrowed and len({a.side for a in narrowed}) == 1):
                found = narrowed
        if len(found) > 1 and self.last_speaker is not None:
            found = [a for a in found if a.slug == self.last_speaker.ref] or found
        if len(found) != 1:
            return None
        start, end = title.span()
        return self._known(found[0], start, end, sentence.text[start:end].strip(), "title")

    def _body(self, sentence: _Sentence, masked: str, found) -> _Speaker | None:
        """The actor an unnamed body of a side is ("Ukraine's eastern military command": the
        Armed Forces of Ukraine): one of that side whose name ends in the body's words. Without
        a side word, the sides the sentence or the one before names decide."""
        body = found["body"]
        words = "military" if body in ("military command", "command") else body
        if found["side"]:
            sides = {self.side_words.get(found["side"].removesuffix("'s"))}
        else:
            sides = {s for w, s in self.side_words.items() if re.search(rf"\b{w}\b", masked)}
            sides |= self.recent_sides
        matching = {
            actor.slug: actor
            for actor in self.gazetteer.actors
            if actor.side in sides
            and any(
                name.lower().replace("’", "'").endswith(words)
                for name in (actor.name, *actor.names)
            )
        }
        if len(matching) != 1:
            return None
        start, end = found.span()
        actor = next(iter(matching.values()))
        return self._known(actor, start, end, sentence.text[start:end], f"“{body}” of its side")

    def _known(self, actor: ActorEntry, start, end, words, how) -> _Speaker:
        return _Speaker(actor.slug, True, actor.side, actor.kind, start, end, words, how)

    # --- claims -----------------------------------------------------------------------------

    def claims_in(self, sentence: _Sentence, result: Extraction) -> None:
        masked = _masked(sentence)
        speaker = self._speaker(sentence, masked)
        if speaker is not None:
            self.last_speaker = speaker
        else:
            self._remember_mentioned(sentence, masked)
        places = self._claimed_places(sentence, masked)
        cue = self._cue(masked, places, sentence)
        sides_here = {s for w, s in self.side_words.items() if re.search(rf"\b{w}\b", masked)}
        self.recent_sides = sides_here
        if places:
            self.last_place = (sentence.index, places[0], sentence.number)
        if speaker is None or cue is None:
            self._note_date(sentence, masked)
            return
        verb, match = cue
        before_cue = masked[max(0, match.start() - 30) : match.start()]
        nearly = verb is Verb.CAPTURED and lexicon.NEARLY_BEFORE.search(before_cue)
        part_left = verb is Verb.WITHDREW and (
            lexicon.PART_WITHDRAWAL_AFTER.match(masked[match.end() :])
            or lexicon.ONLY_BEFORE.search(before_cue)
        )
        if nearly or part_left:
            verb = Verb.PARTIALLY_HOLDS
        if not places and sentence.joined and self.last_place is not None:
            # "…in Russia's Kursk region, a day after Trump said they were surrounded": the
            # second speaker's clause is about the place of the first.
            index, place, _ = self.last_place
            if index == sentence.index - 1:
                entry = self.gazetteer.place_by_slug[place[2]]
                places = [(0, 0, entry.slug, entry.name)]
        if not places:
            places = self._carried_place(verb, speaker, sentence, result, masked)
        if not places:
            self._note_date(sentence, masked)
            return
        stated, effective, date_marks = self._dates(sentence, masked, match)
        side, side_mark, side_why = self._side(verb, match, masked, speaker, sentence)
        whole_verb = verb
        for start, end, slug, words in places:
            entry = self.gazetteer.place_by_slug[slug]
            carried = start == end
            verb = whole_verb
            if (
                verb is Verb.CAPTURED
                and not carried
                and lexicon.PART_OF_BEFORE.search(masked[max(0, start - 50) : start])
            ):
                verb = Verb.PARTIALLY_HOLDS
            marks = [
                *([] if carried else [Mark(start, end, "place", words)]),
                Mark(speaker.start, speaker.end, "claimant", speaker.text),
                Mark(
                    match.start(), match.end(), "verb", sentence.text[match.start() : match.end()]
                ),
                *date_marks,
            ]
            if side_mark:
                marks.append(side_mark)
            why = [
                gettext("place %(name)s carried over from the claim before") % {"name": entry.name}
                if carried
                else gettext("place “%(words)s” is %(name)s")
                % {"words": words, "name": entry.name},
                (
                    gettext("claimant “%(words)s” (%(how)s)")
                    if speaker.known
                    else gettext("claimant “%(words)s” (%(how)s): not on file, proposed as new")
                )
                % {"words": speaker.text, "how": HOW.get(speaker.how, speaker.how)},
                gettext("“%(words)s” reads as %(verb)s")
                % {"words": match.group().strip(), "verb": Verb(verb).label},
                side_why,
                *[
                    gettext("%(role)s “%(words)s”") % {"role": DATE_ROLES[m.role], "words": m.text}
                    for m in date_marks
                ],
            ]
            confidence = 0.45
            confidence += 0.2 if speaker.known else 0.05
            confidence += 0.1 if speaker.how == "named" else 0
            confidence += 0.1 if side_mark or verb in VERBS_WITHOUT_SIDE else 0
            confidence += 0.1 if len(places) == 1 else 0
            result.claims.append(
                ClaimProposal(
                    place=slug,
                    place_known=True,
                    claimant=speaker.ref,
                    claimant_known=speaker.known,
                    claimant_side=speaker.side,
                    claimant_kind=speaker.kind,
                    verb=str(verb),
                    side=side,
                    stated_at=stated,
                    effective_at=effective,
                    quote=sentence.text,
                    confidence=round(min(confidence, 0.95), 2),
                    why=[w for w in why if w],
                    marks=sorted(marks, key=lambda m: m.start),
                    sentence=sentence.index,
                    stated_in_text=self.stated_in_text,
                )
            )
        self.last_stated = stated

    def _note_date(self, sentence: _Sentence, masked: str) -> None:
        """The day a statement that yields no claim was made, for the rest of its paragraph."""
        if not lexicon.SPEECH.search(masked):
            return
        for mention in dates.find_dates(sentence.text, self.published):
            value = dates.resolve(mention, self.last_stated)
            if value is not None:
                self.paragraph_stated = (sentence.paragraph, value)
                return

    def _remember_mentioned(self, sentence: _Sentence, masked: str) -> None:
        """An actor named without a speech verb ("X spoke on television") is who "he" means next."""
        for start, end, actor, words in sentence.actors:
            if not lexicon.NOT_SPEAKER_BEFORE.search(masked[:start]):
                self.last_speaker = self._known(actor, start, end, words, "named")
                return

    def _carried_place(self, verb, speaker: _Speaker, sentence: _Sentence, result, masked: str):
        """The place of the claim just before, for a sentence that answers or continues it
        without naming the place ("said the claim was not true", "fighting in the town goes on")."""
        refers = verb in CARRIED_VERBS or re.search(
            r"\b(?:the|that) (?:town|city|village|settlement)\b|\bthere\b", masked
        )
        if not refers or self.last_place is None:
            return []
        _, place, number = self.last_place
        if sentence.number - number > CARRY_WINDOW:
            return []
        entry = self.gazetteer.place_by_slug[place[2]]
        return [(0, 0, entry.slug, entry.name)]

    def _claimed_places(self, sentence: _Sentence, masked: str) -> list:
        kept = []
        previous_end = None
        for place in sentence.places:
            start, end = place[0], place[1]
            after_place = previous_end is not None and lexicon.LOCATING_JOINT.match(
                masked[previous_end:start]
            )
            previous_end = end
            if after_place:
                continue
            if lexicon.LOCATING_BEFORE.search(masked[max(0, start - 40) : start]):
                continue
            if lexicon.LOCATING_AFTER.search(masked[end : end + 20]):
                continue
            kept.append(place)
        # A town named with its region ("Kurakhove in the Donetsk region") is the claim's place.
        level = {p[2]: _PLACE_LEVEL.get(self.gazetteer.place_by_slug[p[2]].kind, 2) for p in kept}
        if any(v == 2 for v in level.values()):
            kept = [p for p in kept if level[p[2]] == 2]
        unique, seen = [], set()
        for place in kept:
            if place[2] not in seen:
                seen.add(place[2])
                unique.append(place)
        return unique

    def _cue(self, masked: str, places: list, sentence: _Sentence):
        claimed = [(p[0], p[1]) for p in places]
        named = [(p[0], p[1]) for p in sentence.places]
        found = []
        for verb, pattern in lexicon.CUES:
            for m in pattern.finditer(masked):
                # "a town on the western edge of Donetsk": a cue built around a place the
                # sentence names only to locate another is not about the claimed place.
                inside = [n for n in named if m.start() <= n[0] and n[1] <= m.end()]
                if inside and not any(n in claimed for n in inside):
                    continue
                before = masked[max(0, m.start() - 60) : m.start()]
                if lexicon.HEDGE_BEFORE.search(before) and verb is not Verb.DENIED:
                    continue
                if verb is Verb.ENCIRCLED and (
                    lexicon.ENCIRCLEMENT_NEGATED.search(before)
                    or re.match(r"\s+(?:was|is|had been) (?:prevented|avoided)", masked[m.end() :])
                ):
                    continue
                if verb is not Verb.DENIED and lexicon.NEGATION_BEFORE.search(before):
                    continue
                if verb is Verb.DENIED and lexicon.NO_COMMENT_BEFORE.search(before):
                    continue
                found.append((verb, m))
                break
        if not found:
            return None
        # A denial speaks about the claim it names ("denied Russia had captured"): it stands.
        # Otherwise the statement's verb is the one said first ("had taken complete control …
        # and were clearing the last pockets"): what follows adds detail to it.
        denial = [f for f in found if f[0] is Verb.DENIED]
        if denial:
            return denial[0]
        return min(found, key=lambda f: f[1].start())

    def _dates(self, sentence: _Sentence, masked: str, cue):
        mentions = dates.find_dates(sentence.text, self.published)
        speech = [m.span() for m in lexicon.SPEECH.finditer(masked)]
        stated = effective = None
        marks = []
        quotes = [q.span() for q in lexicon.QUOTED.finditer(sentence.text)]
        cue_quoted = any(s <= cue.start() and cue.end() <= e for s, e in quotes)
        # "announced the capture of the town on January 13": the cue is the statement itself,
        # so the day next to it is the day it was said.
        cue_spoken = any(s < cue.end() and cue.start() < e for s, e in speech)
        for mention in mentions:
            gap_cue = _gap((mention.start, mention.end), cue.span())
            gap_speech = min((_gap((mention.start, mention.end), s) for s in speech), default=999)
            if cue_quoted and not any(s <= mention.start < e for s, e in quotes):
                # 'admitted on Tuesday: "We lost Urozhaine."': the day of the words, not the deed.
                gap_speech = 0
            if cue_spoken:
                gap_speech = min(gap_speech, gap_cue)
            value = dates.resolve(mention, self.last_stated)
            if value is None:
                continue
            if gap_speech <= gap_cue and stated is None:
                stated = value
                marks.append(Mark(mention.start, mention.end, "stated", mention.text))
            elif effective is None:
                effective = value
                marks.append(Mark(mention.start, mention.end, "effective", mention.text))
        if (
            stated is None
            and sentence.days_before is not None
            and self.paragraph_stated[0] == sentence.paragraph
            and self.paragraph_stated[1] is not None
        ):
            # "…, a day after Russia claimed to have captured the town": the day before.
            stated = self.paragraph_stated[1] - timedelta(days=sentence.days_before)
        if stated is None and self.paragraph_stated[0] == sentence.paragraph:
            # "Russia said on Thursday it had captured Chasiv Yar. The ministry said …": the
            # paragraph goes on about the same day.
            stated = self.paragraph_stated[1]
        self.stated_in_text = stated is not None
        stated = stated or self.published
        self.paragraph_stated = (sentence.paragraph, stated)
        if effective is not None and effective > stated:
            effective = None
            marks = [m for m in marks if m.role != "effective"]
        return stated, effective, marks

    def _side(self, verb, cue, masked: str, speaker: _Speaker, sentence: _Sentence):
        """The side the verb is about, the words that say so, and why."""
        if verb in VERBS_WITHOUT_SIDE:
            return None, None, ""
        if "side" in cue.groupdict() and cue["side"]:
            side = self._side_of_word(cue["side"], speaker)
            if side:
                start, end = cue.span("side")
                return (
                    side,
                    Mark(start, end, "side", sentence.text[start:end]),
                    gettext("side from “%(words)s”") % {"words": cue["side"]},
                )
        if verb is Verb.DENIED:
            named = lexicon.CLAIM_NOUN_SIDE.search(masked)
            forces = [m for m in self._forces(masked, speaker) if m[0] >= cue.start()]
            if named:
                side = self._side_of_word(named["side"].replace("wagner's", "russia's"), speaker)
                start, end = named.span("side")
            elif forces:
                start, end, side = forces[0]
                if lexicon.OBJECT_OF_CLAIM.match(masked[end:]):
                    # "denied that his troops were encircled": the claim denied is the other
                    # side's, about these forces.
                    side = self.gazetteer.other_side(side)
            else:
                side = self.gazetteer.other_side(speaker.side)
                return side, None, gettext("denies the other side's claim") if side else ""
            return (
                side,
                Mark(start, end, "side", sentence.text[start:end]),
                gettext("side of the denied claim"),
            )
        control = lexicon.SIDE_CONTROL.search(masked)
        if control and verb is not Verb.WITHDREW:
            start, end = control.span("side")
            words = sentence.text[start:end]
            return (
                self.side_words.get(control["side"]),
                Mark(start, end, "side", words),
                gettext("side from “%(words)s”") % {"words": words},
            )
        forces = self._forces(masked, speaker)
        before = [f for f in forces if f[1] <= cue.start()]
        after = [f for f in forces if f[0] >= cue.end()]
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen:
            start, end, side = chosen
            if (
                side
                and verb is Verb.ENCIRCLED
                and lexicon.PASSIVE_ENCIRCLEMENT.search(masked[: cue.start()])
            ):
                words = sentence.text[start:end]
                side = self.gazetteer.other_side(side)
                encircled = gettext("“%(words)s” are the encircled side") % {"words": words}
                return side, Mark(start, end, "side", words), encircled
            if side:
                words = sentence.text[start:end]
                found = gettext("side from “%(words)s”") % {"words": words}
                return side, Mark(start, end, "side", words), found
        if speaker.side:
            return speaker.side, None, gettext("side taken from the claimant's own side")
        return None, None, gettext("no side found: choose one")

    def _forces(self, masked: str, speaker: _Speaker) -> list[tuple[int, int, str | None]]:
        found = []
        for m in self.force_pattern.finditer(masked):
            word = m["word"] or m["of"] or m["subject"]
            found.append((m.start(), m.end(), self.side_words.get(word)))
        for m in lexicon.OWN_FORCES.finditer(masked):
            found.append((m.start(), m.end(), speaker.side))
        for m in lexicon.ENEMY.finditer(masked):
            found.append((m.start(), m.end(), self.gazetteer.other_side(speaker.side)))
        return sorted(found)

    def _side_of_word(self, word: str, speaker: _Speaker) -> str | None:
        word = word.lower().removesuffix("'s").removesuffix("’s")
        if word in ("our", "its", "their"):
            return speaker.side
        return self.side_words.get(word)

    # --- verifications ----------------------------------------------------------------------

    def verification(self, sentence: _Sentence, result: Extraction) -> bool:
        masked = _masked(sentence)
        unverified = lexicon.UNVERIFIED.search(masked)
        if unverified and lexicon.UNVERIFIED_FIGURE.search(masked[: unverified.start()]):
            unverified = None
        evidence = None
        for kind, pattern in lexicon.EVIDENCE:
            m = pattern.search(masked)
            if m and not lexicon.EVIDENCE_NEGATED.search(
                masked[max(0, m.start() - 30) : m.start()]
            ):
                evidence = (kind, m)
                break
        if not unverified and not evidence:
            return False
        verifier, verifier_known, verifier_mark = self._verifier(sentence)
        mentions = dates.find_dates(sentence.text, self.published)
        decided = next(
            (v for v in (dates.resolve(m, self.last_stated) for m in mentions) if v),
            self.published,
        )
        # "Could not verify either account" covers what was reported since the last such line.
        recent = [
            i
            for i, c in enumerate(result.claims)
            if c.sentence > self.last_check
            and not any(v.claim == i and v.verifier == verifier for v in result.verifications)
        ]
        self.last_check = sentence.index
        place_slugs = {p[2] for p in sentence.places}
        about = [i for i in recent if result.claims[i].place in place_slugs] or recent
        if not about:
            # Nothing reported before it to judge: the sentence may itself be a claim ("ISW said
            # geolocated footage showed Russian forces holding most of the town").
            return False
        if unverified:
            match, status, kind = unverified, lexicon.UNCONFIRMED, ""
            plural = lexicon.PLURAL_TARGET.search(masked)
            targets = about if plural else about[-1:]
            why = gettext("“%(words)s” reports the claim unconfirmed") % {"words": match.group()}
        else:
            kind, match = evidence
            status = lexicon.PARTLY
            sides = {s for w, s in self.side_words.items() if re.search(rf"\b{w}\b", masked)}
            matching = [i for i in about if result.claims[i].side in sides]
            if sides and not matching:
                # Footage of one side's troops says nothing for the other side's claims.
                return False
            targets = (matching or about)[-1:]
            why = gettext("“%(words)s” is evidence that partly confirms it") % {
                "words": match.group()
            }
        for index in targets:
            marks = [
                Mark(
                    match.start(),
                    match.end(),
                    "evidence",
                    sentence.text[match.start() : match.end()],
                )
            ]
            if verifier_mark:
                marks.insert(0, verifier_mark)
            result.verifications.append(
                VerificationProposal(
                    claim=index,
                    verifier=verifier,
                    verifier_known=verifier_known,
                    status=str(status),
                    decided_at=decided,
                    evidence_kind=str(kind),
                    quote=sentence.text,
                    why=[
                        why,
                        gettext("verifier: %(name)s")
                        % {
                            "name": verifier_mark.text
                            if verifier_mark
                            else gettext("the publisher")
                        },
                    ],
                    marks=sorted(marks, key=lambda m: m.start),
                    sentence=sentence.index,
                )
            )
        return True

    def _verifier(self, sentence: _Sentence):
        independent = [a for a in sentence.actors if a[2].side is None]
        if independent:
            start, end, actor, words = independent[0]
            return actor.slug, True, Mark(start, end, "verifier", words)
        return self.publisher, self.publisher is not None, None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def _dedupe(result: Extraction) -> None:
    """One proposal per claimant, place and day: copy that repeats a statement (headline, then
    body, then a quote from it) counts once, with its most specific verb (:data:`VERB_RANK`)."""
    kept: list[ClaimProposal] = []
    moved: dict[int, int] = {}
    for i, claim in enumerate(result.claims):
        same = next((k for k, other in enumerate(kept) if _same_statement(other, claim)), None)
        if same is None:
            moved[i] = len(kept)
            kept.append(claim)
            continue
        first = kept[same]
        if VERB_RANK[Verb(claim.verb)] < VERB_RANK[Verb(first.verb)]:
            claim.effective_at = claim.effective_at or first.effective_at
            if first.stated_in_text and not claim.stated_in_text:
                claim.stated_at, claim.stated_in_text = first.stated_at, True
            kept[same] = claim
        else:
            first.effective_at = first.effective_at or claim.effective_at
            if claim.stated_in_text and not first.stated_in_text:
                first.stated_at, first.stated_in_text = claim.stated_at, True
        moved[i] = same
    for v in result.verifications:
        v.claim = moved[v.claim]
    result.claims = kept
    unique, seen_v = [], set()
    for v in result.verifications:
        key = (v.claim, v.verifier, v.status)
        if key not in seen_v:
            seen_v.add(key)
            unique.append(v)
    result.verifications = unique


def _same_statement(a: ClaimProposal, b: ClaimProposal) -> bool:
    """Same claimant and place, and the same day, or a day the text does not give (a quote
    from a statement dated earlier in the article)."""
    return (
        a.place == b.place
        and a.claimant == b.claimant
        and (a.stated_at == b.stated_at or not (a.stated_in_text and b.stated_in_text))
    )


def _link_answers(result: Extraction) -> None:
    """A denial or a rebuttal answers the latest claim about the same place by the other side
    (or, when the text gives the denial first, the next one)."""
    claims = result.claims
    for i, claim in enumerate(claims):
        rebuts = claim.verb == Verb.DENIED or lexicon.REBUTTAL.search(claim.quote.lower())
        if not rebuts or claim.claimant_side is None:
            continue

        def answerable(j, claim=claim):
            other = claims[j]
            return (
                other.place == claim.place
                and other.claimant_side not in (None, claim.claimant_side)
                and other.verb in ANSWERABLE
                and other.stated_at <= claim.stated_at
            )

        earlier = [j for j in range(i) if answerable(j)]
        later = [j for j in range(i + 1, len(claims)) if answerable(j)]
        target = earlier[-1] if earlier else (later[0] if later else None)
        if target is None:
            continue
        claim.answers = target
        if claim.verb == Verb.DENIED:
            claim.side = claims[target].side
        claim.why.append(
            gettext("answers proposal %(number)s (%(claimant)s)")
            % {"number": target + 1, "claimant": claims[target].claimant}
        )
