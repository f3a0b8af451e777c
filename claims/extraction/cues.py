"""The control cues: which words make a sentence say that a side took, holds, left, encircled
or is fighting for a place, or denies that it did (the verbs of :mod:`claims.choices`).

Patterns run over the masked, lower-cased sentence of :mod:`claims.extraction.lexicon`.
"""

import re

from claims.choices import Verb
from claims.extraction.lexicon import LIES, P
from claims.extraction.lexicon import SIDE as _SIDE

_ANY_SIDE = _SIDE.replace("?P<side>", "?:")

_AREA = r"(?:town|city|village|settlement|locality|stronghold|hub)"

# (verb, pattern). Checked in this order: the first verb found wins, so a denial that mentions
# the capture it denies reads as a denial, and "withdrew to avoid encirclement" as a withdrawal.
CUES: list[tuple[str, re.Pattern]] = [
    (
        Verb.DENIED,
        re.compile(
            r"\b(?:den(?:y|ies|ied|ying|ial)|not true|untrue|false|no truth|refut(?:e|es|ed)|"
            r"reject(?:s|ed)?|dismiss(?:es|ed)?|disput(?:e|es|ed)|propaganda|fake|"
            # Not the "Centre for Countering Disinformation" that speaks.
            r"(?<!counter-)(?<!countering )disinformation|"
            r"incorrect|" + LIES + r"|fabricat\w+|fantasy|"
            r"cast(?:s)? doubt|not (?:been |yet )?(?:captured|taken|occupied|fallen|lost)|"
            r"not (?:under|in) (?:the )?(?:full |complete )?(?:control|hands)|"
            r"(?:is|are|was) not (?:occupied|under)|"
            rf"not under (?:the )?{_SIDE} control|no encirclement|not (?:been )?(?:encircled|"
            r"surrounded)|has not been moved|have not been moved)"
        ),
    ),
    (
        Verb.WITHDREW,
        re.compile(
            r"\b(?:withdr(?:ew|awn|aw|awing|awal|aws)|pull(?:ed|ing|s)? (?:out|back)|pull-?out|"
            # "pulled its soldiers out of Avdiivka", "had managed to get out".
            r"pull(?:ed|ing|s)? (?:\w+ ){1,3}out of|"
            r"(?:managed to |did )?(?:get|got|break|broke) out\b|"
            r"retreat(?:ed|ing|s)?|abandon(?:ed|ing)?|left (?:the )?(?:" + _AREA + r"|" + P + r")|"
            r"moved? to (?:the )?outskirts|move to defen[cs]e|switch to defen[cs]e|"
            r"manoeuvre to withdraw|maneuver to withdraw|ended (?:their|its|our) presence|"
            r"lost (?:the )?(?:" + _AREA + r"|" + P + r")|"
            r"no longer (?:hold|control|in))"
        ),
    ),
    (
        Verb.ENCIRCLED,
        re.compile(
            r"\b(?:encircl(?:ed|ement|ing|es)|surround(?:ed|ing|s)|envelop(?:ed|ment)|"
            r"cut off|in a pocket|cauldron|trapped|blockaded|under blockade|"
            # "blocked the town from the north and the south", "were blocked in Kupiansk".
            r"blocked (?:" + P + r" |the " + _AREA + r" )?from (?:the )?(?:north|south|east|west)|"
            r"(?:was|were|are|is|been) blocked in)\b"
        ),
    ),
    (
        Verb.PARTIALLY_HOLDS,
        re.compile(
            # "the city was 90% destroyed" measures damage, not control.
            r"(?:\b[0-9]{1,3}(?:\.[0-9])?\s*(?:%|percent|per cent)"
            r"(?!\s+(?:destroyed|damaged|ruined|razed|flattened|empty|deserted))|"
            r"\bsquare (?:kilomet(?:re|er)s|miles) (?:\([^)]*\) )?of|\b(?:part|parts|most|half|"
            r"much|pockets?) of|\b(?:western|eastern|northern|southern|central|southwestern|"
            r"southeastern|northwestern|northeastern) (?:part|parts|districts?|outskirts|edge)"
            r" of (?:the )?(?:" + _AREA + r"|" + P + r")|\b(?:the )?(?:" + _AREA + r"|" + P + r")"
            r"(?:'s|’s) (?:outskirts|western|eastern|northern|southern)|"
            r"\b(?:outskirts|suburbs?) of|"
            r"\bcertain (?:\w+ )*facilities|\badministrative (?:borders|boundaries)|"
            r"\b(?:holding|held|hold|holds|maintain\w*) (?:their |our |its |his )?(?:positions|"
            r"ground)|\bstill (?:has|have|had) (?:some )?(?:soldiers|troops|units)|"
            r"\breached the (?:centre|center|outskirts|heart) of|\bfoothold in|"
            r"\b(?:raised|raising|hoisted) "
            r"(?:the |a )?(?:\w+ )?flags? (?:in|over|above|at|on))"
        ),
    ),
    (
        Verb.LIBERATED,
        re.compile(
            r"\b(?:liberat(?:ed|es|ion)|de-?occupied|freed|"
            # "Kherson was returning under Ukrainian control".
            # "back under the Ukrainian flag", "again under Ukrainian control".
            rf"(?:return(?:ed|ing|s)?|back|again) (?:under|to) (?:the )?{_SIDE} (?:control|flag))\b"
        ),
    ),
    (
        Verb.CAPTURED,
        re.compile(
            r"\b(?:captur(?:ed|es)|complet(?:ed|ing) the capture|seiz(?:ed|es)|"
            # "secured Hatyshche, Krasne and …": the war's reports of a taking.
            r"secured (?:full control of |control of )?(?:the (?:\w+ )?"
            + _AREA
            + r" of )?"
            + P
            + r"|"
            r"(?:re)?took (?:full |complete |back )?(?:control|over|" + P + r"|the " + _AREA + r")|"
            r"(?:re)?taken (?:full |complete |back )?(?:control|over|"
            + P
            + r"|the "
            + _AREA
            + r")|"
            r"(?:was|were|been|being|is) (?:\w+ )?(?:re)?taken\b|" + P + r" (?:has |had )?fallen|"
            # "Russian forces were now in control of the city", "now completely under the
            # occupation of Russia": control that has changed hands.
            r"now (?:\w+ )?(?:in|under) (?:the )?(?:full |complete )?(?:\w+ )?(?:control|"
            r"occupation)|under (?:the )?occupation\b|"
            # "had taken the Ukrainian town of Selydove".
            r"(?:re)?t(?:ook|aken) the (?:[\w-]+ ){1,2}" + _AREA + r" of " + P + r"|"
            # "has also reported capturing four settlements": the act the speaker reports.
            r"(?:report|claim|announc)\w* (?:\w+ )?(?:capturing|seizing|taking)\b|"
            r"recaptur(?:ed|es)|occupied|conquered|(?:managed|succeeded) to (?:capture|take|seize)|"
            r"(?<!in )(?<!under )(?:full|complete|total) control|"
            r"(?:came|come|brought) under (?:\w+ )?(?:\w+ )?control|established control|"
            r"(?:in|into) " + _SIDE + r" hands|fell to|took charge of|fully occupied|"
            r"(?:described|hailed|welcomed|celebrated|announced|confirmed|claimed|congratulat\w+)"
            r" (?:\w+ ){0,4}(?:the )?(?:capture|fall|seizure) of)"
        ),
    ),
    (
        Verb.HOLDS,
        re.compile(
            rf"\b(?:(?:is|are|remains?|remained|stays?) (?:firmly |still |fully )?under "
            rf"(?:the )?(?:{_SIDE} )?control|under the control of|in control of|"
            # Reported speech puts it in the past: "said the military still controlled X".
            rf"(?:still |continue to |continues to )?(?:hold|holds|holding|held|control|controls|"
            # 'said Ukraine "fully controls" the settlement': a quote may close after the verb.
            rf"controlling|controlled)[\"”]? "
            rf"(?:the )?(?:(?:town|city|village|settlement) of )?(?:"
            + _AREA
            + r"|"
            + P
            + r")|(?:is|are|was|were|remains?|remained) in (?:full |complete )?control of|"
            r"is and will always be|remains? "
            + _ANY_SIDE
            + r"|(?:still|remains?|remained) in "
            + _ANY_SIDE
            + r" hands|"
            # "As of now, the town is ours"; "there were no Russian troops in the city".
            r"(?:is|are|remains?) (?:still )?ours\b|"
            # "Our troops remain in their positions" in a sentence about the place.
            r"(?:remains?|remained|stays?|stayed) (?:\w+ )?(?:in|on|at) (?:their|our|its) "
            r"positions|"
            r"\bno (?P<absent>russian|ukrainian|enemy) "
            r"(?:army|troops|forces|soldiers|units) (?:in|inside) (?:the )?(?:"
            + _AREA
            + r"|"
            + P
            + r"))"
        ),
    ),
    (
        Verb.CONTESTED,
        re.compile(
            r"\b(?:fighting (?:is |was )?(?:continu\w*|ongoing|going on|rag\w*|under ?way)|"
            r"engulfed (?:by|in) (?:\w+ )?fighting|"
            r"(?:began|launched|started|begun) (?:an? )?(?:\w+ )?(?:assault|attack|offensive) "
            r"(?:on|against)|"
            r"(?:battles?|clashes|fighting|combat) (?:[\w§]+ ){0,6}(?:continu\w*|ongoing|going on|"
            r"rag\w*|under ?way)|"
            r"(?:fierce|heavy|intense|active|street) (?:fighting|battles?|clashes|combat)|"
            r"(?:are|is|were|was|still) fighting|engag(?:ing|ed) (?:\w+ ){0,3}(?:troops|forces)|"
            r"assault operations|situation (?:[\w§]+ ){0,3}(?:is|was|remains) (?:\w+ )?"
            r"(?:difficult|"
            r"critical|tense|complicated)|battle for (?:the )?(?:" + _AREA + r"|" + P + r")"
            r" (?:\w+ )?continu\w*)"
        ),
    ),
]

# "unsuccessfully trying to oust Russian troops from Klishchiivka": the troops still hold it.
CUES.append(
    (
        Verb.HOLDS,
        re.compile(
            r"\b(?:unsuccessfully|in vain|vainly)\s+(?:trying|tried|attempting|attempted)\s+to\s+"
            r"(?:oust|dislodge|push|drive|knock)\s+"
            + _SIDE
            + r"\s+(?:troops|forces|units|soldiers)"
        ),
    )
)

# Presence words are weaker than the rest: "engaging Russian troops inside Kurakhove" is about
# the fighting, so they count only when nothing else matched.
CUES.append(
    (
        Verb.PARTIALLY_HOLDS,
        re.compile(
            r"\b(?:still (?:inside|in|present)|remain(?:s|ed)? (?:inside|in)|are (?:still )?in "
            r"(?:the )?(?:" + _AREA + r"|" + P + r")|inside (?:the )?(?:" + _AREA + r"|" + P + r")|"
            r"entered (?:the )?(?:" + _AREA + r"|" + P + r")|"
            # "had advanced in Toretsk over the past day".
            r"advanced (?:\w+ ){0,2}(?:in|inside|into) (?:the )?(?:" + _AREA + r"|" + P + r")|"
            # "moved into more advantageous positions in Vuhledar".
            r"(?:moved into|took up|taken up|established|gained) (?:\w+ ){0,3}positions "
            r"(?:in|inside) (?:the )?(?:" + _AREA + r"|" + P + r"))"
        ),
    )
)
PRESENCE = CUES[-1][1]
