"""What a statement says: its control cue, the side it is about, and the days it names."""

import re
from datetime import timedelta

from django.utils.translation import gettext

from claims.choices import VERBS_WITHOUT_SIDE, Verb
from claims.extraction import cues, dates, lexicon
from claims.extraction.proposals import Mark
from claims.extraction.sentences import Sentence, Speaker

# Words for one side taking a place, which a quote may word differently from the reporter.
TAKING = frozenset({Verb.CAPTURED, Verb.LIBERATED})
GERUND_HEDGED = re.compile(r"\w+ing\b[^.;,\"“”]{0,50}\b(?:would|could|might|will)\b")
REPORTED_BEFORE = re.compile(
    r"\b(?:information|reports?|claims?|rumou?rs?|allegations?)\s+(?:\w+\s+){0,2}"
    r"(?:suggesting|saying|alleging|claiming)\b[^.;]{0,60}$"
)
TARGET_BEFORE = re.compile(
    r"\b(?:assaults?|attacks?|offensive|storm(?:ing)?)\s+(?:on|against)\s+(?:the\s+)?$"
)
DENIAL_NOUN = re.compile(r"\bdenial\b")
NOUN_CUE = re.compile(r"\b(?:liberation|capture|seizure|fall)(?: of)?$")
NAMED_AFTER = re.compile(
    r"(?:\s+of)?\s+(?:the\s+(?:[\w-]+\s+)?(?:town|city|village|settlement)\s+of\s+)?(?=§)"
)
NOUN_OBJECT = re.compile(
    r"(?:\s+of)?\s+(?:an?|the)\s+[^§]{0,40}\b(?:town|city|village|hub|stronghold)\b"
)
# "This does not mean that we have completely left the city": what follows is negated.
NOT_MEANING = re.compile(r"\b(?:not|never|n't) mean\w*\s+(?:that\s+)?(?:\S+\s+){0,4}$")
# "The announcement came a day after …", "It came two days after …": a statement dated
# against the one reported before it.
CAME_AFTER = re.compile(
    r"(?:It|(?:The|This|That|His|Her|Its|Their)\s+(?:[\w-]+\s+)?(?:announcement|claim|"
    r"statement|report|remarks|comments))\s+came\s+(?P<joint>(?:a|one|two|three|several)\s+"
    r"(?:day|days|week|weeks)\s+(?:after|before))\b"
)
SPAN_OF_DAYS = re.compile(
    r"\b(?:over|in|during) the (?:past|last|previous) (?:few |several )?(?:week|days|months?)\b|"
    r"\bin recent (?:days|weeks)\b",
    re.IGNORECASE,
)
REDUCED_PASSIVE = re.compile(r"\s+(?:in|at|near|inside|around)\b")
OCCUPIER = re.compile(r"\boccupation[\"”]?\s+(?:by|of)\s+(?:the\s+)?(?P<side>\w+)")
BY_AGENT = re.compile(r"\s+by\b")
# "the capture of § and of the village of §": the places a noun cue names, listed.
PLACE_JOINT = re.compile(
    r"(?:,\s*|,?\s+and\s+)(?:of\s+)?(?:the\s+(?:[\w-]+\s+)?(?:town|city|village|settlement)\s+of\s+)?"
)


# The clause in which a rebuttal says what is true instead, and the verbs it may state.
SAYING_INSTEAD = re.compile(r",\s+(?:saying|adding|insisting)\s+(?:instead\s+)?(?:that\s+)?")
SAID_INSTEAD = (Verb.HOLDS, Verb.ENCIRCLED, Verb.PARTIALLY_HOLDS)


ACTOR_FORCES = re.compile(r"(?:'s|’s)?\s+(?:\w+\s+)?" + lexicon.FORCES + r"\b")


class Reading:
    """Cue, side and date rules of :class:`claims.extraction.engine.Reader`."""

    def _cue(self, masked: str, places: list, sentence: Sentence):
        claimed = [(p[0], p[1]) for p in places]
        named = [(p[0], p[1]) for p in sentence.places]
        found = []
        for verb, pattern in cues.CUES:
            for m in pattern.finditer(masked):
                # "a town on the western edge of Donetsk": a cue built around a place the
                # sentence names only to locate another is not about the claimed place.
                inside = [n for n in named if m.start() <= n[0] and n[1] <= m.end()]
                if inside and not any(n in claimed for n in inside):
                    continue
                before = masked[max(0, m.start() - 60) : m.start()]
                if lexicon.HEDGE_BEFORE.search(before) and verb is not Verb.DENIED:
                    continue
                if verb is Verb.PARTIALLY_HOLDS and TARGET_BEFORE.search(before):
                    # "began an assault on the northern part of Urozhaine": the part attacked.
                    continue
                if REPORTED_BEFORE.search(masked[max(0, m.start() - 90) : m.start()]):
                    # "spreading information suggesting that our units are surrounded": the
                    # claim of others that the speaker goes on to deny.
                    continue
                if GERUND_HEDGED.match(m.group() + masked[m.end() :]):
                    # "encircling and then taking the town would solve many problems".
                    continue
                if verb is Verb.ENCIRCLED and (
                    lexicon.ENCIRCLEMENT_NEGATED.search(before)
                    or re.match(r"\s+(?:was|is|had been) (?:prevented|avoided)", masked[m.end() :])
                ):
                    continue
                if verb is not Verb.DENIED and (
                    lexicon.NEGATION_BEFORE.search(before) or NOT_MEANING.search(before)
                ):
                    continue
                if verb is Verb.DENIED and lexicon.NO_COMMENT_BEFORE.search(before):
                    continue
                found.append((verb, m))
                break
        if not found:
            return None
        stated = [f for f in found if f[1].re is not cues.PRESENCE]
        # Presence ("still in", "entered") is weaker than any other cue in the sentence.
        found = stated or found
        # A denial speaks about the claim it names ("denied Russia had captured"): it stands.
        # Otherwise the statement's verb is the one said first ("had taken complete control …
        # and were clearing the last pockets"): what follows adds detail to it.
        denial = [f for f in found if f[0] is Verb.DENIED]
        if denial:
            saying = SAYING_INSTEAD.search(masked, denial[0][1].end())
            instead = [
                f for f in found if saying and f[0] in SAID_INSTEAD and f[1].start() >= saying.end()
            ]
            # "rejected the claim, saying Ukraine "fully controls" the settlement": the
            # rebuttal states who holds the place, and that statement is the claim.
            return instead[0] if instead else denial[0]
        first = min(found, key=lambda f: f[1].start())
        left = [f for f in found if f[0] is Verb.WITHDREW]
        if first[0] is Verb.ENCIRCLED and left:
            # "had been surrounded but had managed to get out": the way out is the statement.
            first = left[0]
        stronger = [f for f in found if f[0] not in (Verb.CONTESTED, Verb.PARTIALLY_HOLDS)]
        if first[0] is Verb.CONTESTED and stronger:
            # "continued assault operations, unsuccessfully trying to oust Russian troops from
            # X": fighting is the backdrop; what the sentence says about control stands.
            first = min(stronger, key=lambda f: f[1].start())
        # 'captured the town, "the settlement has been liberated," the ministry said': the
        # claimant's own quoted word for the taking stands over the reporter's.
        quotes = [q.span() for q in lexicon.QUOTED.finditer(sentence.text)]
        quoted = [
            f
            for f in found
            if f[0] in TAKING and any(s <= f[1].start() and f[1].end() <= e for s, e in quotes)
        ]
        if first[0] in TAKING and quoted:
            return quoted[0]
        return first

    def _named_by_cue(self, masked: str, places: list, cue) -> list:
        """ "The liberation of Kurakhove deprived … Donetsk": a noun cue names its places
        itself (those right after it, and the ones joined to them); others in the sentence are
        about something else."""
        if not NOUN_CUE.search(cue.group()):
            return places
        named = NAMED_AFTER.match(masked, cue.end())
        if not named:
            # "the capture of an important logistics hub": the place is the one named before.
            return [] if NOUN_OBJECT.match(masked, cue.end()) else places
        kept, at = [], named.end()
        for place in sorted(places):
            if place[0] == at or (kept and PLACE_JOINT.fullmatch(masked[kept[-1][1] : place[0]])):
                kept.append(place)
            elif kept:
                break
        return kept or places

    def _dates(self, sentence: Sentence, masked: str, cue, speaker: Speaker):
        mentions = dates.find_dates(sentence.text, self.published)
        speech = [m.span() for m in lexicon.SPEECH.finditer(masked)]
        stated = effective = None
        marks = []
        quotes = [q.span() for q in lexicon.QUOTED.finditer(sentence.text)]
        cue_quoted = any(s <= cue.start() and cue.end() <= e for s, e in quotes)
        # "announced the capture of the town on January 13": the cue is the statement itself,
        # so the day next to it is the day it was said.
        # "issued a denial on Monday": a denial is itself a statement.
        cue_spoken = DENIAL_NOUN.search(cue.group()) or any(
            s < cue.end() and cue.start() < e for s, e in speech
        )
        for mention in mentions:
            gap_cue = _gap((mention.start, mention.end), cue.span())
            gap_speech = min((_gap((mention.start, mention.end), s) for s in speech), default=999)
            if cue_quoted and not any(s <= mention.start < e for s, e in quotes):
                # 'admitted on Tuesday: "We lost Urozhaine."': the day of the words, not the deed.
                gap_speech = 0
            if cue_spoken:
                gap_speech = min(gap_speech, gap_cue)
            if re.match(r"\s*,?\s*that\b", masked[mention.end :]):
                # "told Putin on Thursday that …": the day of the telling.
                gap_speech = 0
            elif _reported(masked, speech, mention.start):
                # "said …, adding that civilians had left on Friday": a day in what was said.
                gap_speech = 999
            value = dates.resolve(mention, self.last_stated)
            if value is None:
                continue
            # "as of Monday morning Kyiv's forces were still …": the moment the words are about.
            as_of = re.search(r"\bas of\s+$", sentence.text[: mention.start].lower())
            if gap_speech <= gap_cue and stated is None and not as_of:
                stated = value
                marks.append(Mark(mention.start, mention.end, "stated", mention.text))
            elif effective is None:
                effective = value
                marks.append(Mark(mention.start, mention.end, "effective", mention.text))
        ahead = (
            self.paragraph_stated[1]
            if self.paragraph_stated[0] == sentence.paragraph
            # "The claim came two days after …" opening a paragraph: the statement before.
            else self.last_stated
        )
        if stated is None and sentence.days_before is not None and ahead is not None:
            # "…, a day after Russia claimed to have captured the town": the day before.
            stated = ahead - timedelta(days=sentence.days_before)
        came = CAME_AFTER.match(sentence.text)
        if stated is None and came and self.last_stated is not None:
            # "The announcement came a day after Russia said …": counted back from the
            # statement the article reported last, whatever paragraph it was in.
            days = lexicon.joint_days(came["joint"])
            if days is not None:
                stated = self.last_stated - timedelta(days=days)
        if stated is None and self.paragraph_stated[0] == sentence.paragraph:
            # "Russia said on Thursday it had captured Chasiv Yar. The ministry said …": the
            # paragraph goes on about the same day.
            stated = self.paragraph_stated[1]
        spans = SPAN_OF_DAYS.search(sentence.text)
        if stated is None and spans:
            # "Over the past week, the ministry has also reported …": not the day said before.
            stated = self.published
        if stated is None and speaker.ref in self.speaker_stated:
            # "Gerasimov also said …" after "Gerasimov told Putin on Thursday": a speaker
            # quoted again without a day goes on about the day the text gave.
            stated = self.speaker_stated[speaker.ref]
        self.stated_in_text = stated is not None
        if stated is not None:
            self.speaker_stated[speaker.ref] = stated
        stated = stated or self.published
        self.paragraph_stated = (sentence.paragraph, stated)
        if effective is not None and effective > stated:
            effective = None
            marks = [m for m in marks if m.role != "effective"]
        return stated, effective, marks

    def _side(self, verb, cue, masked: str, speaker: Speaker, sentence: Sentence):
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
        if cue.groupdict().get("absent"):
            # "no Russian troops in the city": the side whose troops are not there holds nothing.
            absent = (
                self._side_of_word(cue["absent"], speaker) if cue["absent"] != "enemy" else None
            )
            side = self.gazetteer.other_side(absent) if absent else speaker.side
            return side, None, gettext("the other side's troops are said not to be there")
        if verb is Verb.DENIED:
            named = lexicon.CLAIM_NOUN_SIDE.search(masked)
            forces = [m for m in self._forces(masked, speaker, sentence) if m[0] >= cue.start()]
            if named:
                group = "side" if named["side"] else "by"
                side = self._side_of_word(named[group].replace("wagner's", "russia's"), speaker)
                start, end = named.span(group)
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
        occupier = OCCUPIER.search(masked, cue.start())
        if occupier and occupier["side"] in self.side_words:
            # "completely under the occupation" of Russia: the occupier holds it.
            start, end = occupier.span("side")
            words = sentence.text[start:end]
            found = gettext("side from “%(words)s”") % {"words": words}
            return self.side_words[occupier["side"]], Mark(start, end, "side", words), found
        forces = self._forces(masked, speaker, sentence)
        before = [f for f in forces if f[1] <= cue.start()]
        after = [f for f in forces if f[0] >= cue.end()]
        if verb is Verb.LIBERATED and speaker.side and not BY_AGENT.match(masked, cue.end()):
            # "The liberation of the town deprived the Kyiv regime …", "Gornal, the last village
            # held by Ukrainian troops, had been liberated": each side calls only its own taking
            # a liberation, so forces named beside the word are the ones driven out.
            return speaker.side, None, gettext("side taken from the claimant's own side")
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen:
            start, end, side = chosen
            passive = (
                lexicon.PASSIVE_ENCIRCLEMENT.search(masked[: cue.start()])
                or re.match(r"(?:was|were|are|is|been)\b", cue.group())
                # "targeting Ukrainian troops surrounded in the town": a reduced passive.
                or (
                    not masked[end : cue.start()].strip()
                    and REDUCED_PASSIVE.match(masked, cue.end())
                )
            )
            if side and verb is Verb.ENCIRCLED and passive:
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
        if "occup" in cue.group() and verb is not Verb.WITHDREW:
            # "the entire district is occupied": the war's copy, on either side, calls only
            # Russia's hold an occupation.
            occupying = self.side_words.get("russian")
            if occupying:
                return occupying, None, gettext("“occupied” is said of Russian control")
        # The speaker's own name ("the Freedom of Russia Legion") names no side of the claim.
        unnamed = (
            masked[: speaker.start] + " " * (speaker.end - speaker.start) + masked[speaker.end :]
        )
        named = self.sides_named(unnamed)
        if len(named) == 1:
            # "two Russian columns had entered the town": the one side the sentence names.
            return named.pop(), None, gettext("the only side the sentence names")
        return None, None, gettext("no side found: choose one")

    def _forces(
        self, masked: str, speaker: Speaker, sentence: Sentence
    ) -> list[tuple[int, int, str | None]]:
        found = []
        for start, end, actor, _ in sentence.actors:
            # "Wagner Group forces now hold …": the forces of an actor on file fight for its side.
            forces = ACTOR_FORCES.match(masked, end)
            if actor.side and forces:
                found.append((start, forces.end(), actor.side))
        for m in self.force_pattern.finditer(masked):
            word = m["word"] or m["of"] or m["subject"]
            found.append((m.start(), m.end(), self.side_words.get(word)))
        for m in lexicon.OWN_FORCES.finditer(masked):
            found.append((m.start(), m.end(), speaker.side))
        for m in lexicon.ENEMY.finditer(masked):
            found.append((m.start(), m.end(), self.gazetteer.other_side(speaker.side)))
        return sorted(found)

    def _side_of_word(self, word: str, speaker: Speaker) -> str | None:
        word = word.lower().removesuffix("'s").removesuffix("’s")
        if word in ("our", "its", "their"):
            return speaker.side
        return self.side_words.get(word)


def _reported(masked: str, speech: list, at: int) -> bool:
    """Whether position ``at`` lies in what a speech verb before it introduces with "that"."""
    return any(end <= at and re.search(r"\bthat\b", masked[end:at]) for _, end in speech)


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0
