"""Verifications a text reports ("could not independently verify", "geolocated footage")."""

import re

from django.utils.translation import gettext

from claims.choices import Verb
from claims.extraction import dates, lexicon
from claims.extraction.proposals import Extraction, Mark, VerificationProposal
from claims.extraction.sentences import Sentence, mask

SIDE_REPORT = re.compile(r"\bthe (?P<side>\w+) (?:report|claim|statement|announcement|account)\b")

THESE = re.compile(r"\b(?:these|those) (?:claims|reports|statements|accounts)\b")


class Checks:
    """Verification rules of :class:`claims.extraction.engine.Reader`."""

    def verification(self, sentence: Sentence, result: Extraction) -> bool:
        masked = mask(sentence)
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
        whose = SIDE_REPORT.search(masked)
        if whose and whose["side"] in self.side_words:
            # "could not confirm the Russian report about the village": that side's claims only.
            side = self.side_words[whose["side"]]
            about = [i for i in about if result.claims[i].claimant_side == side]
            if not about:
                return True
        if unverified:
            match, status, kind = unverified, lexicon.UNCONFIRMED, ""
            plural = lexicon.PLURAL_TARGET.search(masked)
            targets = about if plural else about[-1:]
            if THESE.search(masked):
                # "These claims could not be verified": the ones the sentence before reported.
                last = result.claims[about[-1]].sentence
                targets = [i for i in about if result.claims[i].sentence == last]
            why = gettext("“%(words)s” reports the claim unconfirmed") % {"words": match.group()}
        else:
            kind, match = evidence
            status = lexicon.PARTLY
            sides = {s for w, s in self.side_words.items() if re.search(rf"\b{w}\b", masked)}
            # Footage shows who holds a place: it bears on claims of control, not on denials.
            about = [i for i in about if result.claims[i].verb != Verb.DENIED] or about
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

    def _verifier(self, sentence: Sentence):
        independent = [a for a in sentence.actors if a[2].side is None]
        if independent:
            start, end, actor, words = independent[0]
            return actor.slug, True, Mark(start, end, "verifier", words)
        return self.publisher, self.publisher is not None, None
