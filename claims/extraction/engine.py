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
from dataclasses import replace
from datetime import date

from django.utils.translation import gettext, gettext_lazy

from claims.choices import VERBS_WITHOUT_SIDE, Verb
from claims.extraction import dates, lexicon
from claims.extraction.attribution import Attribution
from claims.extraction.checks import Checks
from claims.extraction.cleaning import clean_text
from claims.extraction.gazetteer import Gazetteer
from claims.extraction.merging import dedupe, link_answers
from claims.extraction.proposals import ClaimProposal, Extraction, Mark
from claims.extraction.reading import Reading
from claims.extraction.roles import DATELINE_AFTER, Roles
from claims.extraction.sentences import COORDINATE, Sentence, Speaker, mask, split_sentences

# How a claimant was recognised, and what a date mark says, in the editor's language.
HOW = {"named": gettext_lazy("named"), "title": gettext_lazy("by title")}
DATE_ROLES = {"stated": gettext_lazy("stated"), "effective": gettext_lazy("refers to")}

# Statements that go on about the place just named without repeating it ("the claim was not
# true", "fighting goes on"), and how many sentences back that place may lie.
CARRIED_VERBS = frozenset(
    {Verb.DENIED, Verb.CONTESTED, Verb.PARTIALLY_HOLDS, Verb.HOLDS, Verb.WITHDREW}
)
CARRY_WINDOW = 3
_PLACE_LEVEL = {"oblast": 0, "raion": 1}
# "Neither the General Staff nor the ministry had said anything about an order to retreat".
SAID_NOTHING = re.compile(
    r"\b(?:said|commented|announced|reported) (?:anything|nothing)\b|"
    r"\b(?:has|have|had) not (?:yet )?(?:commented|announced)\b"
)
# "both villages", "the same eight villages", "all 3 towns": the places named together before.
_HOW_MANY = r"(?:two|three|four|five|six|seven|eight|nine|ten|[0-9]+)"
BOTH = re.compile(
    rf"\b(?:both|all {_HOW_MANY}|the(?: same)?(?: {_HOW_MANY})?|these|those) "
    r"(?:villages|towns|cities|settlements)\b"
)
THE_TOWN_AND = re.compile(r"\bthe (?:town|city|village|settlement) and\b")
RELATIVE_AFTER = re.compile(r"^,?\s+(?:which|that|where|both of which)\b")
LISTED_WITH = re.compile(r"^,?\s+(?:and|or)\s+(?:the\s+)?$")
LISTED_BEFORE = re.compile(r"§+(?:,\s*|,?\s+and\s+)$")
# The words right before a place that a cue governs: "battles under way in", "took control of".
GOVERNED = re.compile(r"(?:\b[\w'-]+\s+){1,4}(?:in|of|for|over|around)\s+(?:the\s+)?$")


def extract(
    text: str, *, published: date, gazetteer: Gazetteer, publisher: str | None = None
) -> Extraction:
    """Proposals for ``text`` (cleaned first; raises ``InputRefused`` if it cannot be read).

    ``publisher`` is the slug of the outlet, which a verification takes as its verifier when the
    sentence names none ("It could not be independently verified").
    """
    cleaned = clean_text(text)
    result = Extraction(text=cleaned.text, published=published, notes=cleaned.notes)
    gazetteer = gazetteer.for_article(cleaned.text)
    state = Reader(gazetteer=gazetteer, published=published, publisher=publisher)
    sentences = list(split_sentences(cleaned.text, gazetteer))
    state.sentences = sentences
    for sentence in sentences:
        checked = state.verification(sentence, result)
        # "ISW said geolocated footage showed Russian forces occupying 89 percent of the town":
        # the checker's reading of the footage is a claim of its own as well as a check.
        if not checked or lexicon.FOOTAGE_SAID.search(mask(sentence)):
            state.claims_in(sentence, result)
    dedupe(result)
    link_answers(result)
    return result


class Reader(Attribution, Roles, Reading, Checks):
    def __init__(self, *, gazetteer: Gazetteer, published: date, publisher: str | None):
        self.gazetteer = gazetteer
        self.published = published
        self.publisher = publisher
        self.last_speaker: Speaker | None = None
        self.people: dict[str, Speaker] = {}
        self.speakers: list[Speaker] = []
        self.spoke_at = -1
        # The day each claimant was last said, in the text, to speak.
        self.speaker_stated: dict[str, date] = {}
        self.last_stated: date | None = None
        self.recent_sides: set[str] = set()
        self.paragraph_stated: tuple[int, date | None] = (-1, None)
        self.stated_in_text = False
        self.last_check = -1
        self.sentences: list[Sentence] = []
        # (sentence index, place) of the last place a sentence claimed or named.
        self.last_place: tuple[int, tuple, int] | None = None
        # (sentence number, places) of the last sentence naming several places together.
        self.last_named: tuple[int, list] | None = None
        self.side_words = gazetteer.side_words()
        words = sorted(self.side_words, key=len, reverse=True)
        alternatives = "|".join(re.escape(w) for w in words)
        self.force_pattern = re.compile(
            rf"\b(?P<word>{alternatives})(?:'s|’s)?\s+(?:\w+\s+){{0,2}}{lexicon.FORCES}\b|"
            r"\b(?:armed forces|defen[cs]e forces|troops|army) of (?:the )?"
            rf"(?P<of>{alternatives})\b|"
            # "Ukraine had retaken the village": a side named as the subject of the verb.
            rf"\b(?P<subject>{alternatives})\s+(?:had|has|have|was|were|"
            # "Ukraine still controls around 60% of the town".
            r"(?:still\s+)?(?:controls|controlled|holds|held))\b"
        )

    # --- claims -----------------------------------------------------------------------------

    def claims_in(self, sentence: Sentence, result: Extraction) -> None:
        masked = mask(sentence)
        before = self.last_place
        speaker = self._speaker(sentence, masked)
        if speaker is not None:
            self.last_speaker = speaker
            self.speakers.append(speaker)
            self.spoke_at = sentence.index
        else:
            self._remember_mentioned(sentence, masked)
        places = self._claimed_places(sentence, masked)
        cue = self._cue(masked, places, sentence)
        if cue is not None:
            places = self._named_by_cue(masked, places, cue[1])
        self.recent_sides = self.sides_named(masked)
        if places:
            self.last_place = (sentence.index, places[-1], sentence.number)
        if len(places) > 1:
            self.last_named = (sentence.number, places)
        if speaker is None or cue is None or SAID_NOTHING.search(masked):
            self._note_date(sentence, masked, speaker)
            return
        verb, match = cue
        verb = _short_of_whole(verb, match, masked)
        if not places and sentence.joined and self.last_place is not None:
            # "…in Russia's Kursk region, a day after Trump said they were surrounded": the
            # second speaker's clause is about the place of the first.
            index, place, _ = self.last_place
            if index == sentence.index - 1:
                entry = self.gazetteer.place_by_slug[place[2]]
                places = [(0, 0, entry.slug, entry.name)]
        if not places:
            places = self._carried_place(verb, speaker, sentence, result, masked)
        elif THE_TOWN_AND.search(masked) and before is not None:
            # '"liberated" the town and the villages of Hryhorivka and Vodyane': the town is
            # the place of the sentence before, listed with the new ones.
            _, place, number = before
            entry = self.gazetteer.place_by_slug[place[2]]
            recent = sentence.number - number <= CARRY_WINDOW
            if recent and entry.slug not in {p[2] for p in places}:
                places = [(0, 0, entry.slug, entry.name), *places]
        if not places:
            self._note_date(sentence, masked, speaker)
            return
        stated, effective, date_marks = self._dates(sentence, masked, match, speaker)
        whole = (verb, match, *self._side(verb, match, masked, speaker, sentence))
        first = len(result.claims)
        for start, end, slug, words in places:
            entry = self.gazetteer.place_by_slug[slug]
            carried = start == end
            verb, match, side, side_mark, side_why = whole
            if len(places) > 1 and not carried:
                own = self._place_cue(sentence, masked, start, speaker, verb)
                if own is not None:
                    verb, match, side, side_mark, side_why = own
            if carried and side is None and verb not in VERBS_WITHOUT_SIDE:
                # "Its troops had liberated the same eight villages", said by a body with no
                # side on file: it repeats the claim before about them, and so its side.
                repeated = [
                    c.side for c in result.claims if c.place == slug and c.verb == verb and c.side
                ]
                if repeated:
                    # The reason already given, the place carried over from the claim before,
                    # says where the side comes from.
                    side, side_why = repeated[-1], None
            if (
                verb in (Verb.CAPTURED, Verb.HOLDS)
                and not carried
                and lexicon.PART_OF_BEFORE.search(masked[max(0, start - 80) : start])
            ):
                verb = Verb.PARTIALLY_HOLDS
            marks = [
                *([] if carried else [Mark(start, end, "place", words)]),
                *(
                    [Mark(speaker.start, speaker.end, "claimant", speaker.text)]
                    if speaker.end > speaker.start
                    else []
                ),
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
                else gettext("place “%(words)s” is %(name)s") % {"words": words, "name": entry.name}
                if slug not in self.gazetteer.introduced
                else gettext("place “%(words)s”: not on file, proposed as new") % {"words": words},
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
            # A place only the article vouches for is less certain than one on file.
            confidence -= 0.1 if slug in self.gazetteer.introduced else 0
            result.claims.append(
                ClaimProposal(
                    place=slug,
                    place_known=slug not in self.gazetteer.introduced,
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
        relayed = self._relayed(sentence, masked, speaker, match)
        if relayed is not None:
            for claim in result.claims[first:]:
                result.claims.append(
                    replace(
                        claim,
                        claimant=relayed.ref,
                        claimant_known=relayed.known,
                        claimant_side=relayed.side,
                        claimant_kind=relayed.kind,
                        why=[*claim.why, relayed.how],
                    )
                )
        self.last_stated = stated

    def _place_cue(self, sentence: Sentence, masked: str, at: int, speaker: Speaker, verb):
        """ "denied claims that Pokrovsk has fallen, and says its forces are fighting back in
        Myrnohrad": in a sentence naming several places, a place in a coordinated clause of its
        own takes that clause's cue (and side), when the clause has one."""
        # "gun battles under way in § and §": a cue that governs the places right after it.
        listed = LISTED_BEFORE.search(masked[:at])
        while listed is not None:
            at = listed.start()
            listed = LISTED_BEFORE.search(masked[:at])
        # A denial speaks about every place of its clause ("denied that 80 percent of §…").
        governing = GOVERNED.search(masked[:at]) if verb is not Verb.DENIED else None
        if governing is not None:
            lead = " " * governing.start() + masked[governing.start() : at]
            cue = self._cue(lead + " " * (len(masked) - at), [], sentence)
            if cue is not None and cue[1].end() >= governing.start():
                verb, match = cue
                verb = _short_of_whole(verb, match, masked)
                return (verb, match, *self._side(verb, match, masked, speaker, sentence))
        joints = [0, *(m.end() for m in COORDINATE.finditer(masked)), len(masked)]
        if len(joints) == 2:
            return None
        begin = max(j for j in joints if j <= at)
        end = min(j for j in joints if j > at)
        alone = " " * begin + masked[begin:end] + " " * (len(masked) - end)
        cue = self._cue(alone, [p for p in sentence.places if begin <= p[0] < end], sentence)
        if cue is None:
            return None
        verb, match = cue
        verb = _short_of_whole(verb, match, masked)
        return (verb, match, *self._side(verb, match, alone, speaker, sentence))

    def _note_date(self, sentence: Sentence, masked: str, speaker: Speaker | None) -> None:
        """The day a statement that yields no claim was made, for the rest of its paragraph and
        for what its speaker goes on to say without a day."""
        if not lexicon.SPEECH.search(masked):
            return
        for mention in dates.find_dates(sentence.text, self.published):
            value = dates.resolve(mention, self.last_stated)
            if value is not None:
                self.paragraph_stated = (sentence.paragraph, value)
                if speaker is not None:
                    self.speaker_stated[speaker.ref] = value
                return

    def _remember_mentioned(self, sentence: Sentence, masked: str) -> None:
        """An actor named without a speech verb ("X spoke on television") is who "he" means next."""
        for start, end, actor, words in sentence.actors:
            # "KYIV (Reuters) - Russia said …": the outlet filing the story is never whom "the
            # ministry" or "it" points back to.
            if not lexicon.NOT_SPEAKER_BEFORE.search(masked[:start]) and not DATELINE_AFTER.match(
                masked, end
            ):
                self.last_speaker = self._known(actor, start, end, words, "named")
                return

    def _carried_place(self, verb, speaker: Speaker, sentence: Sentence, result, masked: str):
        """The place of the claim just before, for a sentence that answers or continues it
        without naming the place ("said the claim was not true", "fighting in the town goes on")."""
        refers = verb in CARRIED_VERBS or re.search(
            r"\b(?:the|that) (?:town|city|village|settlement)\b|\bthere\b|"
            # "had liberated the same eight villages": those the sentences before listed.
            rf"\b(?:both|all {_HOW_MANY}|the (?:same )?{_HOW_MANY}|the same) "
            r"(?:villages|towns|cities|settlements)\b|"
            # "hailed the capture of an important logistics hub": the place named before.
            r"\b(?:capture|liberation|fall|seizure) of (?:an?|the) [^§]{0,40}\b(?:town|city|"
            r"village|settlement|hub|stronghold)\b",
            masked,
        )
        if not refers or self.last_place is None:
            return []
        named = self.last_named
        if BOTH.search(masked) and named and sentence.number - named[0] <= CARRY_WINDOW:
            # "remained in control of both villages": the places named together before.
            return [(0, 0, p[2], p[3]) for p in named[1]]
        _, place, number = self.last_place
        if sentence.number - number > CARRY_WINDOW:
            return []
        slug = place[2]
        other = self.gazetteer.other_side(speaker.side)
        if verb is Verb.DENIED and other is not None:
            # "refuted the claims" after the ministry's claim and a monitor's report on two
            # places: the denial answers the other side's claim, so it is about that place.
            answered = [
                c
                for c in result.claims
                if c.claimant_side == other and sentence.index - c.sentence <= CARRY_WINDOW
            ]
            if answered:
                slug = answered[-1].place
        entry = self.gazetteer.place_by_slug[slug]
        return [(0, 0, entry.slug, entry.name)]

    def _claimed_places(self, sentence: Sentence, masked: str) -> list:
        kept = []
        previous_end = None
        dropped = False
        for place in sentence.places:
            start, end = place[0], place[1]
            between = masked[previous_end:start] if previous_end is not None else None
            after_place = (
                between is not None
                and (
                    lexicon.LOCATING_JOINT.match(between)
                    # "near Pokrovsk and Myrnohrad": a place listed with one that only locates.
                    or (
                        dropped
                        and LISTED_WITH.match(between)
                        # "near A and B, which Ukrainian forces liberated": what is said of them.
                        and not RELATIVE_AFTER.match(masked[end:])
                    )
                )
            )
            previous_end = end
            locating = lexicon.LOCATING_BEFORE.search(masked[max(0, start - 70) : start])
            dropped = bool(locating) or (dropped and after_place)
            if after_place or locating:
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


def _short_of_whole(verb, match, masked: str):
    """ "nearly captured", "pulled out of parts of", "only withdrawn from": partial control."""
    before_cue = masked[max(0, match.start() - 30) : match.start()]
    nearly = verb is Verb.CAPTURED and (
        lexicon.NEARLY_BEFORE.search(before_cue)
        or lexicon.PART_TAKEN_AFTER.match(masked[match.end() :])
    )
    part_left = verb is Verb.WITHDREW and (
        lexicon.PART_WITHDRAWAL_AFTER.match(masked[match.end() :])
        or lexicon.ONLY_BEFORE.search(before_cue)
    )
    return Verb.PARTIALLY_HOLDS if nearly or part_left else verb
