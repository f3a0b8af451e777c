"""Who makes a statement: the speaker a sentence names, titles, or points back to."""

import re

from django.utils.translation import gettext

from claims.extraction import lexicon
from claims.extraction.gazetteer import ActorEntry
from claims.extraction.roles import DATELINE_AFTER, audience
from claims.extraction.sentences import Sentence, Speaker

ROLE_AFTER = re.compile(r"\s+(?:spokes(?:man|woman|person)|commander|press officer)\b")
# "in eastern Ukraine", "deep inside Russia": a side's country named as where, not who.
SIDE_AS_PLACE = re.compile(
    r"\b(?:in|inside|into|across|throughout)\s+(?:(?:north|south)?(?:east|west)?(?:ern)?\s+)?$"
)
# "Centre for Countering Disinformation said": the end of a body's name, not a person's.
BODY_OF_BEFORE = re.compile(
    r"\b(?:Centre|Center|Office|Council|Committee|Agency|Service|Directorate|Institute)\s+"
    r"(?:for|of)\s+(?:the\s+)?$"
)
# How far ahead "Russia said" looks for the body the article quotes for Russia.
COUNTRY_LOOKAHEAD = 3


class Attribution:
    """Speaker rules of :class:`claims.extraction.engine.Reader`."""

    def _speaker(self, sentence: Sentence, masked: str) -> Speaker | None:
        speech = list(lexicon.SPEECH.finditer(masked))
        if not speech:
            return self._quote_closed_later(sentence) or self._quote_goes_on(sentence)
        quotes = [q.span() for q in lexicon.QUOTED.finditer(sentence.text)]
        # Who a quotation names is what it is about, and who "was briefed" is the audience.
        candidates = [
            a
            for a in sentence.actors
            if (
                not lexicon.NOT_SPEAKER_BEFORE.search(masked[: a[0]])
                or lexicon.TALLY_AFTER.match(masked[a[1] :])
            )
            and not audience(masked, a[1])
            # "Ukrainian military bloggers said": not the military on file.
            and not lexicon.VOICES_ABOUT.match(masked[a[1] :])
            and not lexicon.CLAIM_OF_AFTER.match(masked[a[1] :])
            and not any(s <= a[0] and a[1] <= e for s, e in quotes)
            # "May 8 (Reuters) - Ukrainian troops have pulled back …": the outlet filing it.
            and not DATELINE_AFTER.match(masked, a[1])
        ]
        for start, end, actor, words in sentence.actors:
            # "It noted a claim by Russia's Defence Ministry that its forces had seized X": the
            # claim is the ministry's; whoever notes it without rejecting it claims nothing.
            if lexicon.CLAIM_BY_BEFORE.search(masked[:start]) and not lexicon.REBUTTAL.search(
                masked[:start]
            ):
                return self._known(actor, start, end, words, "named")
        cited = lexicon.CITED_BODY.search(masked)
        if cited:
            # "…, the Liga news site reported, citing a source in the General Staff": the
            # source's body speaks, not the outlet nor the forces the sentence is about.
            body = self._body(sentence, masked, cited)
            if body is not None:
                return body
        person = self._person_with_role(sentence, masked)
        if person is not None:
            return person
        for m in speech:
            described = self._named_later(sentence, masked, m)
            if described is not None:
                return described
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
                prior = self._named_by_noun(anaphor.group()) or self.last_speaker
                return Speaker(
                    prior.ref,
                    prior.known,
                    prior.side,
                    prior.kind,
                    anaphor.start(),
                    anaphor.end(),
                    sentence.text[anaphor.start() : anaphor.end()].strip(),
                    gettext("refers back to %(name)s") % {"name": prior.text},
                )
        for m in speech:
            again = self._surname(sentence, m)
            if again is not None:
                return again
        new = lexicon.PERSON_NAME.search(sentence.text)
        if new and (
            lexicon.NOT_A_PERSON.search(new["name"])
            or BODY_OF_BEFORE.search(sentence.text[: new.start("name")])
        ):
            new = None
        if new and not any(
            a[0] < new.end("name") and new.start("name") < a[1]
            for a in sentence.actors + sentence.places
        ):
            return self._new_person(sentence, new)
        unit = lexicon.UNIT_SPEAKER.search(masked[: speech[-1].start()])
        if unit:
            side = self.side_words.get((unit["side"] or "").removesuffix("'s"))
            words = [w if w[0].isdigit() else w.capitalize() for w in unit["unit"].split()]
            name = f"{' '.join(words)} {unit['role']}"
            why = gettext("unnamed speaker known by the unit")
            return Speaker(name, False, side, "spokesperson", *unit.span(), name, why)
        # An actor named before the first speech verb is its subject ("Moscow's ministry, in a
        # statement on Telegram, said …"); one named after it is what was said about.
        before = [a for a in candidates if a[1] <= speech[0].start()]
        if before:
            start, end, actor, words = before[0]
            return self._known(actor, start, end, words, "named in the sentence")
        for m in speech:
            body = self._new_body(sentence, m)
            if body is not None:
                return body
        return self._country(sentence, masked, speech[0])

    def _country(self, sentence: Sentence, masked: str, speech) -> Speaker | None:
        """ "Russia said …": the body the article goes on to quote for that side (its defence
        ministry, usually), named in the next few sentences."""
        named = lexicon.COUNTRY_SPEAKER.search(masked[: speech.start()])
        side = self.side_words.get(named.group(1)) if named else None
        if side is None:
            return None
        following = self.sentences[sentence.index + 1 : sentence.index + 1 + COUNTRY_LOOKAHEAD]
        for later in following:
            for _, end, actor, _ in later.actors:
                # "Ukrainian military spokesman Serhiy Cherevaty": the body names his role.
                if actor.side == side and not ROLE_AFTER.match(later.text[end:]):
                    start, end = named.span(1)
                    how = gettext("quoted next as %(name)s") % {"name": actor.name}
                    return self._known(actor, start, end, sentence.text[start:end], how)
        # "Kyiv denied …" with no body quoted after it: the side speaks through its military,
        # or, where none is on file, its defence ministry.
        voice = self._side_voice(side)
        if voice is None:
            return None
        start, end = named.span(1)
        how = gettext("the body that speaks for the side: %(name)s")
        return self._known(voice, start, end, sentence.text[start:end], how % {"name": voice.name})

    def _side_voice(self, side: str) -> ActorEntry | None:
        """The one actor of ``side`` named as its armed forces, else as its defence ministry."""
        for words in lexicon.SIDE_VOICES:
            voices = [
                actor
                for actor in self.gazetteer.actors
                if actor.side == side
                and any(
                    re.match(rf"(?:\S+ )?{words}\b", name.lower())
                    for name in (actor.name, *actor.names)
                )
            ]
            if len(voices) == 1:
                return voices[0]
        return None

    def _titled(self, sentence: Sentence, masked: str, speech) -> Speaker | None:
        """ "The Defence Ministry said": the actor whose name ends so, told apart by the sides
        the sentence (or the one before) names, or by who spoke last."""
        title = lexicon.TITLE_BEFORE.search(masked[: speech.start()])
        if speech.group() == "saying":
            title = lexicon.TITLE_QUOTED.search(masked[: speech.start()]) or title
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
        # "east of the Ukrainian-held city of Sloviansk" says who holds a place, not who speaks.
        here = self.sides_named(masked)
        # "the ministry said" after a sentence quoting one ministry is that ministry, even when
        # the sentence before ends on the other side's words ("a day after Kyiv's forces …").
        for sides in (here, None, self.recent_sides):
            if len(found) < 2:
                break
            if sides is None:
                if self.last_speaker is not None:
                    found = [a for a in found if a.slug == self.last_speaker.ref] or found
                continue
            narrowed = [a for a in found if a.side in sides]
            if len(narrowed) == 1 or (narrowed and len({a.side for a in narrowed}) == 1):
                found = narrowed
        if len(found) != 1:
            return None
        start, end = title.span()
        return self._known(found[0], start, end, sentence.text[start:end].strip(), "title")

    def sides_named(self, masked: str) -> set[str]:
        """The sides a sentence names as actors: not "the Ukrainian-held city", which says who
        holds a place, nor "in eastern Ukraine", which says where."""
        return {
            s
            for w, s in self.side_words.items()
            for m in re.finditer(
                rf"\b{w}\b(?!-(?:held|controlled|occupied|installed|backed))", masked
            )
            if not SIDE_AS_PLACE.search(masked[: m.start()])
        }

    def _body(self, sentence: Sentence, masked: str, found) -> Speaker | None:
        """The actor an unnamed body of a side is ("Ukraine's eastern military command": the
        Armed Forces of Ukraine): one of that side whose name ends in the body's words. Without
        a side word, the sides the sentence or the one before names decide."""
        if lexicon.CLAIM_OF_AFTER.match(masked[found.end() :]):
            return None
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
        if not matching and len(sides) == 1 and body in ("military", "army", "armed forces"):
            # "Russia's military said": wire copy's word for the side's armed forces, which
            # speak through their defence ministry where no military body of theirs is on file.
            voice = self._side_voice(next(iter(sides)))
            if voice is not None:
                matching = {voice.slug: voice}
        if len(matching) != 1:
            return None
        start, end = found.span()
        actor = next(iter(matching.values()))
        return self._known(actor, start, end, sentence.text[start:end], f"“{body}” of its side")

    def _known(self, actor: ActorEntry, start, end, words, how) -> Speaker:
        return Speaker(actor.slug, True, actor.side, actor.kind, start, end, words, how)
