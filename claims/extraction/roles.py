"""Speakers the gazetteer does not name outright, read the way news copy introduces them: a
person named with a role ("Nazar Voloshyn, spokesman for the Khortytsia group, said"), then
called by surname ("Voloshyn said"); a speaker first described only by a role ("a spokesman
for Ukraine's General Staff rejected …") and named a few sentences on; and a body of a side
that is not on file ("Ukraine's Joint Forces Group said")."""

import re

from django.utils.translation import gettext

from claims.extraction import lexicon
from claims.extraction.sentences import Sentence, Speaker, mask

# How many sentences on a speaker first described by a role may be named.
NAMED_LATER_WINDOW = 6
# "May 8 (Reuters) - …": the outlet filing the story, never a speaker in it.
DATELINE_AFTER = re.compile(r"\)\s*[-—–]")

_SIDE_WORD = r"ukraine's|russia's|ukrainian|russian|kyiv's|moscow's"
# "A spokesman for Ukraine's General Staff", "Russia's chief of the general staff", "a
# spokesperson for the Ukrainian brigade defending it": a speaker described, not named.
ROLE_ONLY = re.compile(
    rf"(?:\b(?:a|an)\s+(?:(?:{_SIDE_WORD})\s+)?(?:[a-z]+\s+){{0,2}}|\b(?P<side>{_SIDE_WORD})\s+)"
    r"(?:top\s+|senior\s+)?"
    r"(?P<role>spokes(?:man|woman|person)|press officer|press secretary|"
    r"chief of (?:the )?general staff|top general|commander|"
    # "A Ukrainian official on Aug. 6 denied …", "a regional official said": wire copy's lead
    # for a speaker it names further down.
    r"(?:regional |local |military |senior |government |defen[cs]e )?official)"
    r"(?P<of>\s+(?:for|of|with|at|in)\s+[^,;:\"“”]{2,80})?\s*"
    r"(?:on\s+(?:[a-z]{3,9}\.?\s+[0-9]{1,2}|[a-z]+day)\s+)?$|"
    # "the governor of the Luhansk region said": an office of a place, its holder named later.
    r"\bthe\s+(?P<office>governor|mayor|head)\s+of\s+(?:the\s+)?[^,;:\"“”]{2,60}\s*$"
)
# "RIA quoted Yan Gagin, an adviser to …, as saying": the one quoted speaks, not the outlet.
QUOTED_AS = re.compile(
    r"\bquoted (?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})"
    r"(?:, (?P<role>[^,]{3,120}),)? as saying\b"
)
# "…, Oleksandr Syrskyi, had "reported the completion of …"": a second speaker whose words
# the first relays.
RELAYED = re.compile(r"^[\s,]*(?:had\s+|has\s+)?[\"“]?(?:reported|said|announced|told)\b")
# "the Moscow-installed head of the Kherson region, Vladimir Saldo, said": the role before.
ROLE_BEFORE = re.compile(r"\b(?:the|a|an) (?P<role>[^,.;]{3,90}), $")
# Which kinds of actor a role describes.
ROLE_ACTOR_KINDS = [
    (re.compile(r"spokes|press"), {"spokesperson"}),
    (re.compile(r"general|commander"), {"military_command"}),
    (re.compile(r"governor|mayor|head"), {"government_official"}),
    (re.compile(r"official"), {"government_official", "spokesperson"}),
]
# "Ukraine's Joint Forces Group said": a body of a side, named in capitals, not on file.
# "Ukraine's Southern Defence Forces", "the Freedom of Russia Legion", "Ukraine's State Nuclear
# Regulatory Inspectorate": "of" may join the capitalised words.
_BODY_NAME = (
    r"(?:(?:\d+(?:st|nd|rd|th)\s+)?(?:[A-Z][a-z]+\s+(?:of\s+)?){1,3}(?:Group|Command|Guard|"
    r"Service|Corps|Council|Centre|Center|Agency|Directorate|Forces|Legion|Inspectorate|"
    # "The Kharkiv Oblast Military Administration on Tuesday rejected …".
    r"Administration)|"
    # "the Centre for Countering Disinformation", "the Center for Strategic Communications".
    r"(?:Centre|Center|Office|Council|Committee|Agency|Service|Directorate)\s+(?:for|of)\s+"
    r"(?:the\s+)?(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)"
)
NEW_BODY = re.compile(
    # "Ukraine's official Centre for …", "the Ukrainian military's Center for …".
    r"\b(?P<side>Ukraine's|Russia's|Ukrainian|Russian|Kyiv's|Moscow's)\s+(?:[a-z]+(?:'s|’s)?\s+){0,2}"
    rf"(?P<name>{_BODY_NAME})"
    r"\s+(?:\w+\s+){0,3}$|"
    # "Operational Command East said": a body named by its own title, opening the sentence.
    rf"^(?:The\s+)?(?P<titled>{_BODY_NAME}(?:\s+(?:East|West|North|South|Centre|Center))?)\s+"
    r"(?:\w+\s+){0,3}$"
)
# "for the Kursk group of forces", "of Ukraine's Southern Defence Forces": the body named.
UNIT_OF = re.compile(
    r"\s*(?:for|of|with|at|in)\s+(?:the\s+)?(?:(?:Ukraine|Russia)['’]s\s+)?"
    r"(?P<name>(?:[0-9]+(?:st|nd|rd|th)\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|group|of|"
    r"forces|brigade|command|corps|battalion|regiment|unit))*)\s*$"
)
# A role that is only a person's name: the words before it were the office.
PERSON_ONLY = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}")
# Titles written before a name in wire copy, which the name pattern takes in with it.
TITLE_IN_NAME = re.compile(
    r"(?:(?:Governor|Mayor|General|Colonel|Lieutenant|Major|Captain|President|Minister|"
    r"Spokesman|Spokeswoman|Commander|Deputy|Chief|Adviser|Advisor|Senator|Secretary|Head)\s+)+"
)
# "Putin was briefed on Monday": named as the audience, not the speaker.
AUDIENCE_AFTER = re.compile(r"^\s+(?:was|were|had been|has been)\s+(?:\w+\s+)?(?:briefed|told)\b")


class Roles:
    """Role rules of :class:`claims.extraction.engine.Reader`; ``self.people`` maps a new
    person's surname to the speaker first named with it."""

    def _person_with_role(self, sentence: Sentence, masked: str) -> Speaker | None:
        """ "Nazar Voloshyn, spokesman for the Khortytsia group of forces, said": the person,
        not the group the role names."""
        quoted = QUOTED_AS.search(sentence.text)
        if quoted and not _overlaps(quoted.span("name"), sentence):
            return self._new_person(sentence, quoted)
        for found in lexicon.PERSON_NAME.finditer(sentence.text):
            if found["role"] and not _overlaps(found.span("name"), sentence):
                return self._new_person(sentence, found)
        for found in lexicon.PERSON_AFTER.finditer(sentence.text):
            if not lexicon.NOT_A_PERSON.search(found["name"]) and not _overlaps(
                found.span("name"), sentence
            ):
                return self._new_person(sentence, found)
        return None

    def _new_person(self, sentence: Sentence, found) -> Speaker:
        name, (start, end), role = found["name"], found.span("name"), found["role"]
        if role and PERSON_ONLY.fullmatch(role):
            # "the head of the Luhansk Regional Military Administration, Artem Lysohor, said":
            # the capitalised words before the commas are the office, the person between them.
            role = sentence.text[:start] + name
            name, (start, end) = found["role"], found.span("role")
            for a_start, a_end, actor, words in sentence.actors:
                if a_start < end and start < a_end:
                    # "The chief of Russia's General Staff, Valery Gerasimov, said": on file.
                    return self._known(actor, a_start, a_end, words, "named")
        title = TITLE_IN_NAME.match(name)
        if title and len(name[title.end() :].split()) >= 2:
            # "Governor Dmytro Zhyvytskyi said": the title is the role, not part of the name.
            role = f"{role or ''} {title.group()}"
            name, start = name[title.end() :], start + title.end()
        if role is None:
            before = ROLE_BEFORE.search(sentence.text[:start])
            role = before["role"] if before else ""
        role = role.lower()
        side = self._side_in(role)
        if side is None:
            # "spokesman for the Khortytsia group": the side of the body the role names.
            within = found.span("role") if found["role"] else (0, 0)
            side = next(
                (a[2].side for a in sentence.actors if within[0] <= a[0] and a[1] <= within[1]),
                None,
            )
        kind = next((k for k, pattern in lexicon.ROLE_KINDS if pattern.search(role)), "other")
        speaker = Speaker(
            name, False, side, kind, start, end, name,
            gettext("new person named with a speech verb"),
        )  # fmt: skip
        self.people[name.split()[-1]] = speaker
        return speaker

    def _relayed(self, sentence: Sentence, masked: str, speaker: Speaker, cue) -> Speaker | None:
        """ "Zelensky wrote that Oleksandr Syrskyi had "reported the liberation of Sudzha"": the
        one whose report is relayed makes the claim too."""
        for start, end, actor, words in sentence.actors:
            if (
                actor.slug != speaker.ref
                and speaker.end <= start
                and end <= cue.start()
                and lexicon.SPEECH.search(masked[speaker.end : start])
                and RELAYED.match(masked[end:])
            ):
                how = gettext("relayed by %(name)s") % {"name": speaker.text}
                return Speaker(actor.slug, True, actor.side, actor.kind, start, end, words, how)
        return None

    def _quote_closed_later(self, sentence: Sentence) -> Speaker | None:
        """'"Klishchiivka has been liberated. Fierce battles go on," Prigozhin said.': every
        sentence of a quotation attributed where it closes is that speaker's."""
        paragraph = [s for s in self.sentences if s.paragraph == sentence.paragraph]
        opened = False
        for s in paragraph:
            if s.index == sentence.index:
                break
            opened = _quote_open_after(s.text, opened)
        if not opened and not sentence.text.lstrip().startswith(('"', "“")):
            return None
        here = next(i for i, s in enumerate(paragraph) if s.index == sentence.index)
        for s in paragraph[here : here + QUOTE_SPAN]:
            close = _quote_close(s.text, opened)
            if close is None:
                opened = _quote_open_after(s.text, opened)
                continue
            if s.index == sentence.index or not ATTRIBUTION_AFTER.match(s.text, close):
                return None
            speaker = self._speaker(s, mask(s))
            if speaker is None:
                return None
            how = gettext("the quotation %(name)s closes") % {"name": speaker.text}
            return Speaker(
                speaker.ref, speaker.known, speaker.side, speaker.kind, 0, 0, speaker.text, how
            )
        return None

    def _quote_goes_on(self, sentence: Sentence) -> Speaker | None:
        """'"…," the General Staff said. "This is absolutely not true."': a quotation that goes
        on after the sentence attributing it is the same speaker's."""
        text = sentence.text.strip()
        # The sentencizer may leave the opening quotation mark on the sentence before.
        opens = text.startswith(('"', "“")) or (text.endswith(('"', "”")) and text.count('"') == 1)
        if not opens or self.last_speaker is None:
            return None
        before = self.sentences[sentence.index - 1] if sentence.index else None
        if (
            before is None
            or before.paragraph != sentence.paragraph
            or self.spoke_at != before.index
        ):
            return None
        prior = self.last_speaker
        how = gettext("the quotation of %(name)s goes on") % {"name": prior.text}
        return Speaker(prior.ref, prior.known, prior.side, prior.kind, 0, 0, prior.text, how)

    def _surname(self, sentence: Sentence, speech) -> Speaker | None:
        """ "Kovalenko said": a new person named in full earlier in the article."""
        before = sentence.text[: speech.start()]
        for surname, person in self.people.items():
            found = re.search(rf"\b{re.escape(surname)}\s+(?:\w+\s+)?$", before)
            if found:
                how = gettext("refers back to %(name)s") % {"name": person.text}
                return Speaker(
                    person.ref, False, person.side, person.kind, *found.span(), surname, how
                )
        return None

    def _named_later(self, sentence: Sentence, masked: str, speech) -> Speaker | None:
        """ "A spokesman for Ukraine's General Staff rejected …" and, a sentence or two on,
        "Dmytro Lykhovyi told …": the lead describes the speaker the body names."""
        found = ROLE_ONLY.search(masked[: speech.start()])
        if not found:
            return None
        if any(
            a[1] <= speech.start()
            and not (found.start() <= a[0] and a[1] <= found.end())
            and not DATELINE_AFTER.match(masked, a[1])
            for a in sentence.actors
        ):
            return None
        side = self._side_in(found.group())
        if side is None:
            side = next(
                (
                    a[2].side
                    for a in sentence.actors
                    if found.start() <= a[0] and a[1] <= found.end()
                ),
                None,
            )
        role = found["role"] or found["office"]
        kinds = next(k for pattern, k in ROLE_ACTOR_KINDS if pattern.search(role))
        span = (found.start(), found.end())
        words = sentence.text[span[0] : span[1]].strip()
        for later in self.sentences[sentence.index + 1 :]:
            if later.number - sentence.number > NAMED_LATER_WINDOW:
                break
            for _, _, actor, _ in later.actors:
                if actor.kind in kinds and (side is None or actor.side == side):
                    how = gettext("named later as %(name)s") % {"name": actor.name}
                    return Speaker(actor.slug, True, actor.side, actor.kind, *span, words, how)
            person = lexicon.PERSON_NAME.search(later.text) or lexicon.PERSON_AFTER.search(
                later.text
            )
            official = role.endswith("official")
            # "the official, Daniil Bezsonov, said": an official may be named after the office.
            office = person and ROLE_BEFORE.search(later.text[: person.start("name")])
            if (
                person
                and (person["role"] or (official and office))
                # "An official" is whoever is next named with an office.
                and (official or re.search(role.split()[0], person["role"].lower()))
                and not _overlaps(person.span("name"), later)
            ):
                named = self._new_person(later, person)
                how = gettext("named later as %(name)s") % {"name": named.text}
                return Speaker(named.ref, False, side or named.side, named.kind, *span, words, how)
        return self._unit_of_role(sentence, found, side)

    def _unit_of_role(self, sentence: Sentence, found, side: str | None) -> Speaker | None:
        """ "a spokesperson for the Kursk group of forces told Suspilne", and nobody named
        after: the body the unnamed spokesperson speaks for, when its name is capitalised."""
        if not found["of"] or found["office"]:
            return None
        start, end = found.span("of")
        body = UNIT_OF.match(sentence.text[start:end])
        if body is None or any(a[0] < end and start < a[1] for a in sentence.actors):
            return None
        name = body["name"].strip()
        begin = start + body.start("name")
        why = gettext("the body its unnamed spokesperson speaks for, not on file")
        return Speaker(name, False, side, "military_command", begin, begin + len(name), name, why)

    def _new_body(self, sentence: Sentence, speech) -> Speaker | None:
        found = NEW_BODY.search(sentence.text[: speech.start()])
        if not found:
            return None
        group = "name" if found["name"] else "titled"
        name = found[group]
        # "The Freedom of Russia Legion": a side word in the body's own name is not its side.
        rest = sentence.text[: found.start()] + sentence.text[found.end() :]
        side = self._side_in(found["side"] or "") or self._side_in(rest)
        state = re.match(r" of (?:the )?([\w']+)", sentence.text[found.end(group) :])
        if state and self.side_words.get(state[1].lower()):
            # "the National Guard of Ukraine said": a state body named for its country, unlike
            # a legion named for a cause, and that country is part of its name.
            name += state.group()
            side = side or self.side_words[state[1].lower()]
        why = gettext("body of its side, not on file")
        return Speaker(name, False, side, "military_command", *found.span("name"), name, why)

    def _named_by_noun(self, words: str) -> Speaker | None:
        """ "the corps said" after the corps and another speaker: the latest speaker whose
        name ends in that noun, not simply the last one."""
        noun = words.split()[-1]
        if words.split()[0] != "the":
            return None
        for speaker in reversed(self.speakers):
            if speaker.text.lower().split()[-1:] == [noun]:
                return speaker
        return None

    def _side_in(self, words: str) -> str | None:
        for word in re.findall(r"[\w']+", words.lower()):
            side = self.side_words.get(word.removesuffix("'s"))
            if side:
                return side
        return None


def _overlaps(span: tuple[int, int], sentence: Sentence) -> bool:
    return any(a[0] < span[1] and span[0] < a[1] for a in sentence.actors + sentence.places)


def audience(masked: str, end: int) -> bool:
    """Whether an actor ending at ``end`` is named as the one spoken to."""
    return bool(AUDIENCE_AFTER.match(masked[end:]))


# How many sentences a quotation attributed at its end may span.
QUOTE_SPAN = 5
# '…," Prigozhin said', '…," the ministry said in a statement'.
ATTRIBUTION_AFTER = re.compile(
    r"[,.!?]?\s*,?\s*(?:[\w.'’-]+\s+){1,5}?(?:said|says|added|wrote|told|stated)\b"
)


def _quote_open_after(text: str, opened: bool) -> bool:
    """Whether a quotation is open at the end of ``text`` when it was at its start."""
    for char in text:
        if char == '"':
            opened = not opened
        elif char == "“":
            opened = True
        elif char == "”":
            opened = False
    return opened


def _quote_close(text: str, opened: bool) -> int | None:
    """Where the quotation open at the start of ``text`` (or opened by its first mark) closes."""
    stripped = len(text) - len(text.lstrip())
    for at, char in enumerate(text):
        if char in '"“' and not opened:
            opened = True
        elif char in '"”' and opened and at > stripped:
            return at + 1
    return None
