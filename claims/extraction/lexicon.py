"""The words that make a sentence a control statement, an attribution or a verification.

Patterns run over a lower-cased copy of the sentence in which every place the gazetteer found
is masked with ``§`` (same length, so offsets still point into the quote); ``§+`` in a pattern
stands for "a known place". Verbs follow the vocabulary of :mod:`claims.choices` and the
readings of :mod:`claims.control`: a denial, a withdrawal, holding part of a place, an
encirclement and "fighting goes on" are statements of their own, not failed captures.
"""

import re

from claims.choices import EvidenceKind, Status

P = r"§+"
SIDE = r"(?P<side>russian|ukrainian|russia's|ukraine's|moscow's|kyiv's|kiev's|our|its|their)"
# What makes a cue a supposition rather than a statement: "would allow", "trying to capture".
HEDGE_BEFORE = re.compile(
    r"\b(?:would|could|might|may|try(?:ing)? to|tried to|attempt(?:s|ing|ed)? to|bid to|"
    r"push(?:ing)? to|seek(?:s|ing)? to|sought to|aim(?:s|ing|ed)? to|fail(?:ed|s)? to|"
    r"wants? to|wanted to|hop(?:e|es|ed|ing) to|plans? to|if|whether|unless|threat(?:en)?s? to|"
    r"ahead of|so far|after|since|before)\s+(?:\S+\s+){0,3}$"
)
# An encirclement avoided or feared is not an encirclement.
ENCIRCLEMENT_NEGATED = re.compile(
    r"\b(?:avoid(?:ing)?|threat of|risk of|prevent(?:ing)?|escap(?:e|ing)|danger of|fear(?:ing)?|"
    r"no|not|without|under the threat of|to break|(?:keep|kept|keeping|stop|save)\s+\w+\s+from)"
    r"\s+(?:\S+\s+){0,2}$"
)
# "nobody has captured Bilohorivka": a taking said not to have happened.
NEGATION_BEFORE = re.compile(r"\b(?:not|no|never|n't|nor|nobody|no one)\s+(?:\S+\s+){0,2}$")

SPEECH = re.compile(
    r"\b(?:said|says|say|saying|told|tells|claim(?:s|ed)?|announc(?:ed|es|e|ing)|"
    r"report(?:s|ed)|stated|states|wrote|writes|posted|added|confirm(?:s|ed)|"
    r"den(?:y|ies|ied)|insist(?:s|ed)|dismiss(?:es|ed)|reject(?:s|ed)|acknowledg(?:es|ed)|"
    r"disput(?:es|ed)|estimat(?:es|ed)|"
    r"admit(?:s|ted)|declar(?:es|ed)|assess(?:es|ed)|according to|show(?:s|ed)|noted|warned|"
    r"published|cast(?:s)? doubt|called|hailed|refuted|maintain(?:s|ed)|quoted|ordered|"
    r"described|replied|congratulated|told|"
    # "issued a pointed denial that", "issued a statement saying".
    r"issued (?:a|an) (?:\w+ )?(?:denial|statement|rebuttal)|"
    # "By ISW's count", "by the ministry's estimate": whose tally it is.
    r"(?<=['’]s )(?:count|tally|estimate|reckoning))\b"
)
# Who a pronoun or a bare title before a speech verb points back to.
ANAPHORA = re.compile(
    r"\b(?:he|she|it|they|the (?:\w+ )?(?:ministry|spokes(?:man|woman|person)|military|"
    r"command|unit|"
    r"army|general staff|group|statement|president|commander|officer|brigade|minister|"
    r"grouping|service|institute|think tank|agency|monitoring group|project|source|corps|"
    # Wire copy's second reference to an outlet, an office or a unit it has named.
    r"channel|outlet|update|report|assessment|administration|council|governor|mayor|official|"
    r"regiment|battalion|legion|guard|blogger|analyst|observer))"
    r"\s+(?:also\s+|"
    r"later\s+|then\s+|had\s+|has\s+)?$"
)
# "rejected the Russian Defence Ministry's claim": whose claim is answered, not who answers.
CLAIM_OF_AFTER = re.compile(
    r"^(?:'s|’s)\s+(?:\w+\s+)?(?:claims?|statements?|reports?|assertions?|announcement)\b"
)
# "a claim by Russia's Defence Ministry that", "claims by Russian Defence Minister Sergei Shoigu".
CLAIM_BY_BEFORE = re.compile(r"\bclaims?\s+(?:made\s+)?by\s+(?:the\s+)?(?:[\w'’]+\s+){0,3}$")
# An actor named right after these is the medium or the audience, not the speaker.
NOT_SPEAKER_BEFORE = re.compile(
    r"\b(?:told|(?<!according )to|by|via|with|from|carried by|cited by|quoted by|citing|"
    r"in remarks to|speaking to|interview with)\s+(?:the\s+)?$|"
    # "told President Vladimir Putin": the audience named with a title.
    r"\btold\s+(?:president|prime minister|minister|general|commander-in-chief)\s+$"
)
# "by ISW's count": after "by", the one whose tally it is speaks.
TALLY_AFTER = re.compile(r"(?:'s|’s) (?:count|tally|estimate|reckoning)\b")
# "lie"/"lies" as falsehood, not "the village lies just across the border", "they lie 10 km
# south": a place's location is followed by where it lies.
LIES = (
    r"lies?\b(?!\s+(?:(?:just|some|about|roughly|only|directly|immediately|across|on|in|near|"
    r"along|over|north\w*|south\w*|east\w*|west\w*|between|beyond|close|outside|within|at|behind)\b|"
    r"\d))"
)
# A claim that takes issue with another: the answer the text gives to someone else's claim.
REBUTTAL = re.compile(
    r"\b(?:den(?:y|ies|ied)|not true|untrue|false|refut\w*|reject\w*|dismiss\w*|"
    r"(?<!counter-)(?<!countering )disinformation|propaganda|fake|incorrect|cast doubt|"
    r"contradict\w*|disput\w*|"
    r"fabricat\w*|fantasy)\b|\b" + LIES
)
FORCES = (
    r"(?:armed forces|defen[cs]e forces|forces|troops|army|units|soldiers|military|defenders|"
    r"paratroopers|servicemen|marines|brigade|fighters|assault (?:units|detachments|groups)|"
    r"detachments|grouping|group of forces|mercenaries|infantry|columns?|"
    r"(?:armou?red )?vehicles|tanks|(?:sabotage|reconnaissance|assault) groups)"
)
OWN_FORCES = re.compile(rf"\b(?:our|my|its|their|his) (?:\w+ )?{FORCES}\b|\bwe\b")
# Not "pushed into the enemy's territory", which names no forces.
ENEMY = re.compile(r"\b(?:the enemy(?!['’]s)|the occupiers|the invaders|enemy (?:troops|forces))\b")
CLAIM_NOUN_SIDE = re.compile(
    r"\b(?P<side>russian|ukrainian|russia's|ukraine's|moscow's|kyiv's|wagner's)\s+"
    r"(?:[\w'’]+\s+){0,3}?(?:claims?|statements?|reports?|announcement|control)\b|"
    # "rejected a claim by Russia's Defence Ministry that its forces …".
    r"\bclaims?\s+(?:made\s+)?by\s+(?:the\s+)?"
    r"(?P<by>russian|ukrainian|russia's|ukraine's|moscow's|kyiv's|wagner's)\s"
)

UNVERIFIED = re.compile(
    r"\b(?:could not|couldn't|cannot|can't|was unable to|were unable to|unable to|"
    r"has not been able to|have not been able to|could not immediately)\s+(?:be\s+)?"
    r"(?:immediately\s+|independently\s+)*(?:verif\w*|confirm\w*)|"
    r"\b(?:not|cannot be|could not be)\s+(?:been\s+)?independently\s+(?:verified|confirmed)|"
    r"\bcould not be (?:immediately )?(?:verified|confirmed)|"
    r"\b(?:neither|none)\b[^.]{0,60}\bcould be (?:immediately )?(?:independently )?"
    r"(?:verified|confirmed)"
)
# "a figure that could not be verified" judges a number, not a claim of control.
UNVERIFIED_FIGURE = re.compile(r"\b(?:figures?|numbers?|toll|losses|casualt\w+)\b[^.]{0,20}$")
EVIDENCE = [
    (EvidenceKind.GEOLOCATED_FOOTAGE, re.compile(r"\bgeo-?locat\w*")),
    (
        EvidenceKind.SATELLITE_IMAGERY,
        re.compile(r"\bsatellite (?:images?|imagery|photos?|pictures?)\b"),
    ),
    (
        EvidenceKind.GEOLOCATED_FOOTAGE,
        re.compile(
            r"\b(?:video|footage|images?)\b[^.]{0,80}\bverified by\b|"
            r"\bverified (?:a |the )?(?:video|footage)"
        ),
    ),
]
FOOTAGE_SAID = re.compile(
    r"\b(?:said|reported|assessed)\s+(?:on \w+ \w+\s+)?(?:that\s+)?(?:,\s*)?(?:judging by\s+)?"
    r"(?:recent(?:ly)?\s+|newly\s+)?geo-?located\s+(?:footage|video|images?)\s+"
    r"(?:\w+\s+){0,3}(?:showed|shows|indicated|indicates|suggested|suggests)\b"
)
EVIDENCE_NEGATED = re.compile(r"\b(?:no|not|never|did not|does not|could not)\s+(?:\S+\s+){0,3}$")
QUOTED = re.compile(r"[\"“][^\"“”]+[\"”]")
PLURAL_TARGET = re.compile(
    r"\b(?:either|neither|both|accounts|claims|reports|details|statements|them|these|those|"
    r"either side|the two)\b"
)
UNCONFIRMED = Status.UNCONFIRMED
PARTLY = Status.PARTIALLY_CONFIRMED

# A place named only to locate something else ("near Bakhmut", "the Kurakhove sector").
LOCATING_BEFORE = re.compile(
    r"(?:\bnear|\boutside|(?<!in and )\baround|\b(?:edge|side|bank) of|\btowards?|"
    r"\bdirection of|\bbeyond|\bopposite|\bvia|\bapproach(?:es)? to|\b(?:way|route) to|"
    # "a village in the east-central Dnipropetrovsk region", "two settlements in the Kursk
    # region": the region only says where the place claimed lies.
    r"\b(?:a|(?:two|three|four|five|several|[0-9]+)(?: \w+)?) (?:village|town|city|settlement|"
    r"hamlet)s? (?:\w+ ){0,2}in(?: the)?(?: [\w-]+(?<!\bthe)){0,2}|"
    r"\bbetween|"
    # "since the fall of Avdiivka": an event that dates the claim, not a claim.
    r"\b(?:since|after|before|following|until)\s+(?:the\s+)?(?:(?:fall|capture|loss|"
    r"liberation|seizure|occupation) of|(?:withdrawal|retreat) from)|"
    r"\broad to|\bhighway to|\b(?:north|south|east|west|northeast|northwest|southeast|southwest|"
    r"north-east|north-west|south-east|south-west) of|\bkm (?:\w+ )?(?:of|from)|"
    r"\bkilometers (?:\w+ )?(?:\([^)]{1,20}\) )?(?:of|from)|"
    r"\bkilometres (?:\w+ )?(?:\([^)]{1,20}\) )?(?:of|from)|"
    r"\bmiles (?:\w+ )?(?:of|from)|\bflanks? of|\bnearby|"
    # "Pisky, on the outskirts of the Russian-held city of Donetsk": a place said where it lies.
    r"§+,\s+(?:on|at)\s+the\s+outskirts\s+of|"
    # "Denis Pushilin, the Moscow-installed leader in Donetsk": the office, not a claim.
    r"\binstalled\s+(?:leader|head|governor|mayor|administrator)\s+(?:in|of)|"
    # "the separatist-held parts of Luhansk and Donetsk": who holds them is the copy's own
    # description, and the places only say where.
    r"\b\w+-(?:held|controlled|occupied)\s+(?:parts?|areas?|territor(?:y|ies))\s+of"
    r"(?:\s+\w+,?\s+(?:and|or))?)\s+(?:the\s+)?"
    # "south of the Ukrainian logistics hub of Pokrovsk".
    # "northwest of the provincial capital Donetsk".
    r"(?:(?:[\w'’-]+\s+){0,3}(?:(?:town|city|village|settlement|hub|stronghold) of|capital)\s+|"
    # "advancing towards the southern part of Zaoleshenka".
    r"(?:\w+ern\s+)?(?:part|parts|outskirts|edge) of\s+)?$"
)
# "the town of Vuhledar in Donetsk": a place named right after another, to locate it.
LOCATING_JOINT = re.compile(r"^,?\s+in\s+(?:the\s+)?$")
# "almost completely in Russian hands": control said to be short of whole.
NEARLY_BEFORE = re.compile(r"\b(?:almost|nearly|largely|mostly|partially|partly)\s+(?:\w+\s+)?$")
# "had only withdrawn from certain areas": a withdrawal from part of the place, which the side
# still partly holds.
PART_WITHDRAWAL_AFTER = re.compile(
    r"^\s+(?:from|of)\s+(?:certain|some|several|a few|parts of|part of)\b"
)
# "where they had captured two districts", "took half of": a taking of part of the place.
PART_TAKEN_AFTER = re.compile(
    r"^\s+(?:(?:two|three|four|several|some|a few|a number of|most|much|half|[0-9]+)\s+)?"
    r"(?:of\s+)?(?:the\s+)?(?:\w+ern\s+)?(?:districts?|neighbou?rhoods?|parts?|half|sections?|"
    r"quarters?|microdistricts?)\b"
)
ONLY_BEFORE = re.compile(r"\bonly\s+(?:\w+\s+)?$")
# "most of Velyka Novosilka": a capture of part of the place only.
PART_OF_BEFORE = re.compile(
    r"\b(?:(?:most|much|part|parts|half|some) of |"
    # "in control of the Azot chemical plant in Sievierodonetsk": a part of the town.
    r"(?:plant|factory|industrial (?:zone|area)|districts?|neighbou?rhoods?|suburbs?) (?:in|of) |"
    # "seized 1,268 square kilometres (490 square miles) of land in the Kursk region".
    r"square (?:kilomet(?:re|er)s|miles) (?:\([^)]*\) )?of (?:(?:land|territory) in )?(?:the )?)"
    r"(?:the (?:\w+ )?(?:town|city|village|settlement) of )?$"
)
LOCATING_AFTER = re.compile(
    r"^(?:'s)?\s+(?:sector|direction|axis|front|area|district|raion|region|regional|oblast|"
    # "the Luhansk and Donetsk oblasts", "the Donetsk People's Republic": not the city.
    r"axes|oblasts|regions|people's republic)\b"
)
# Words that show the quote states something: in a headline-like line without a verb, none.
# Where a second statement, with a speaker of its own, joins the first in one sentence.
STATEMENT_JOINT = re.compile(
    r",?\s+(?:(?:a|one|two|three|several) (?:day|days|week|weeks|hour|hours) (?:after|before)|"
    r"hours (?:after|before)|days (?:after|before)|shortly (?:after|before)|"
    r"while|whereas|even as|but|after|although|though)\s+(?=\w)|"
    # "Zelenskiy dismissed the claim …, and a Ukrainian military spokesperson called it …".
    r",\s+and\s+(?=(?:a|an|the)\s)"
)
_JOINT_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3}


def joint_days(joint: str) -> int | None:
    """How many days a clause brought in by ``joint`` came before the clause ahead of it:
    "a day after" 1, "two days before" -2, "hours after" 0; None when the joint does not say."""
    found = re.search(
        r"(a|one|two|three|several|hours|days|shortly)?\s*(day|days|week|weeks|hour|hours)?\s*(after|before)",
        joint.lower(),
    )
    if not found or not (found.group(1) or found.group(2)):
        return None
    count, unit, direction = found.groups()
    if count in ("hours", "shortly") or unit in ("hour", "hours"):
        days = 0
    elif count in _JOINT_NUMBERS:
        days = _JOINT_NUMBERS[count] * (7 if unit and unit.startswith("week") else 1)
    else:
        return None
    return days if direction == "after" else -days


# "Russia said", "Kyiv denied": a side named as the speaker.
COUNTRY_SPEAKER = re.compile(
    # "a day after Russia said", "as Kyiv reported": a clause a side opens speaks for it.
    r"(?:^|[.;,]\s+|\b(?:but|and|while|what|after|before|as|when|since|though|although|"
    r"because)\s+)(russia|ukraine|moscow|kyiv|kiev)\s+"
    r"(?:\w+\s+){0,3}$"
)
# What a side's unnamed voice ("Kyiv said") is, in order: the actor of that side whose name
# says it is the military, else the one that is its defence ministry.
SIDE_VOICES = ("armed forces", "ministry of defence")
# "a press officer for Ukraine's 28th brigade said": an unnamed speaker known by the unit.
UNIT_SPEAKER = re.compile(
    r"\b(?:a|an|the) (?P<role>press officers?|spokes(?:man|woman|person)|commander|officer) "
    r"(?:for|of|with|from|in) (?:the )?(?:(?P<side>ukraine's|russia's|ukrainian|russian) )?"
    r"(?P<unit>\d+(?:st|nd|rd|th) (?:[a-z]+ ){0,2}brigade)\b"
)
# ", the founder of the Wagner Group, " between a name and its speech verb.
APPOSITIVE = re.compile(r"^,[^,]{2,100},\s*(?:\w+\s+){0,2}$")
# Capitalised words that name an organisation, not a person ("the Defence Ministry said").
NOT_A_PERSON = re.compile(
    r"\b(?:Ministry|Staff|Command|Forces|Group|Army|Office|Service|Council|Agency|Institute|"
    r"Military|Guard|Brigade|Battalion|Legion|Corps|Inspectorate|Directorate|Kremlin|Government|"
    r"Press|News|Times|Post)\b"
)
# "X said" or "the X said" where X is the end of an actor's name: "the Defence Ministry".
# An unnamed body of a side: "Ukraine's eastern military command", "a source in the General
# Staff". The body's words end the name of the actor meant ("Ukraine's General Staff").
_BODY = (
    r"(?P<body>general staff|military command|military|army|armed forces|"
    r"defen[cs]e ministry|ministry of defen[cs]e)\b"
)
CITED_BODY = re.compile(
    r"\bciting (?:a |an )?(?:source|sources|official|officials|representative|representatives) "
    r"(?:in|at|from|of) (?:the |(?P<side>ukraine's|russia's|ukrainian|russian) )?" + _BODY
)
SIDE_BODY = re.compile(
    r"\b(?P<side>ukraine's|ukrainian|russia's|russian|kyiv's|moscow's) (?:[a-z]+ ){0,2}"
    + _BODY
    # "Russian military bloggers said": voices about the military, not the military's own.
    + r"(?!\s+(?:bloggers?|correspondents?|experts?|analysts?|observers?|commentators?|"
    r"channels?|sources?|historians?|intelligence))"
)
VOICES_ABOUT = re.compile(
    r"^\s+(?:bloggers?|correspondents?|experts?|analysts?|observers?|commentators?|channels?)\b"
)
TITLE_BEFORE = re.compile(r"\bthe ((?:[a-z’'-]+ ){0,2}[a-z’'-]+)\s+(?:also\s+)?$")
# "the RIA news agency quoted the Defence Ministry as saying": the body quoted speaks.
TITLE_QUOTED = re.compile(
    r"\b(?:quoted|cited|citing)\s+the ((?:[a-z’'-]+ ){0,2}[a-z’'-]+)\s+as\s+$"
)
# "would neither confirm nor deny": a refusal to say, not a denial.
NO_COMMENT_BEFORE = re.compile(r"\b(?:neither confirm\w* nor|not confirm\w* or)\s+$")
# "(his troops) were encircled": forces named as what a claim was made about.
OBJECT_OF_CLAIM = re.compile(
    r"^\s+(?:were|was|are|is|had been|have been|being)\s+(?:\w+\s+)?"
    r"(?:encircled|surrounded|trapped|cut off|captured|defeated|routed)\b"
)
PASSIVE_ENCIRCLEMENT = re.compile(r"\b(?:was|were|are|is|been|being|remain|remained)\s+$")
SIDE_CONTROL = re.compile(
    r"\b(?:under|in|into) (?:the )?(?:full |complete )?(?P<side>russian|ukrainian) "
    r"(?:control|hands)\b"
)
PERSON_NAME = re.compile(
    r"(?<![\w'’])(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})"
    r"(?:, (?P<role>[^,]{3,120}),)?,?\s+"
    # "Governor Oleh Syniehubov on Jan. 28 rejected": the day may come between.
    r"(?:on\s+(?:[A-Z][a-z]+day|[A-Z][a-z]{2,8}\.?\s+[0-9]{1,2}|[0-9]{1,2}\s+[A-Z][a-z]{2,8})\s+)?"
    r"(?:had\s+|has\s+|also\s+)?"
    r"(?:said|says|told|wrote|added|claimed|denied|insisted|rejected|dismissed|disputed|"
    r"refuted|replied|stated|reported|announced|posted|noted|confirmed)\b"
)
# '"…," said Oleh Syniehubov, the governor of the Kharkiv region': the speaker after the verb,
# as AP and Reuters put it after a quotation.
PERSON_AFTER = re.compile(
    r"(?:[,\"”]|\bthat)\s*(?:said|says|wrote|writes|added|stated|posted|replied|noted)\s+"
    r"(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})\b"
    # "said Deputy Defence Minister Hanna Maliar": a title, not the whole name.
    r"(?!\s[A-Z])(?:,\s+(?P<role>[^,.;\"“”]{3,120}))?"
)
ROLE_KINDS = [
    ("spokesperson", re.compile(r"spokes|press officer|press service|press secretary")),
    ("military_command", re.compile(r"commander|general|chief of staff|brigade|command")),
    (
        "government_official",
        re.compile(r"minister|governor|official|advis[eo]r|mayor|administration"),
    ),
    ("head_of_state", re.compile(r"president")),
    ("journalist", re.compile(r"correspondent|journalist|reporter|blogger")),
]
