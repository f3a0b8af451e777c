"""Ukrainian wording of the quotable sentences. Only words: what may be said is decided in
:mod:`claims.sentences`, from the control picture.

Ukrainian inflects names and agrees verbs with their subject's gender, and the records hold each
name once, in the nominative. So the wording keeps names in the nominative wherever it can: a
place follows its kind as an apposition ("з міста Соледар", the style of official reports), a
side's forces are "сили Росії" with the one regular genitive that feminine names in -а/-я take,
and a past-tense verb agrees with the gender its subject's first word shows. Names written in
Latin letters (an actor with no Ukrainian name on file) are left as they are, as Ukrainian does
with indeclinable foreign names.
"""

from claims.choices import ActorKind, PlaceKind, Status, Verb
from claims.sentences.en import ORDER, ORGANISATIONS
from claims.sentences.outline import outline

MONTHS = (
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
)
KINDS = {
    ActorKind.MINISTRY: "міністерство",
    ActorKind.MILITARY_COMMAND: "військове командування",
    ActorKind.SPOKESPERSON: "речник",
    ActorKind.PARAMILITARY: "воєнізоване формування",
    ActorKind.HEAD_OF_STATE: "глава держави",
    ActorKind.GOVERNMENT_OFFICIAL: "урядова посадова особа",
    ActorKind.FOREIGN_GOVERNMENT: "іноземний уряд",
    ActorKind.THINK_TANK: "аналітичний центр",
    ActorKind.NEWS_ORGANISATION: "медіа",
    ActorKind.JOURNALIST: "журналіст",
    ActorKind.IMAGERY_PROVIDER: "постачальник супутникових знімків",
    ActorKind.OTHER: "інше",
}
# The gender of each kind's noun: what a verb agrees with when a Latin-letter name shows none.
KIND_GENDER = {
    ActorKind.MINISTRY: "n",
    ActorKind.MILITARY_COMMAND: "n",
    ActorKind.PARAMILITARY: "n",
    ActorKind.FOREIGN_GOVERNMENT: "m",
    ActorKind.THINK_TANK: "m",
    ActorKind.NEWS_ORGANISATION: "n",
    ActorKind.IMAGERY_PROVIDER: "m",
}
# Masculine first names that end as feminine ones do.
MASCULINE_IN_A = frozenset(
    {"микола", "ілля", "сава", "лука", "кузьма", "микита", "никита", "данила", "nikita", "ilya"}
)
# A place's kind, as the noun a name follows: (nominative, accusative, genitive).
PLACE_NOUNS = {
    PlaceKind.CITY: ("місто", "місто", "міста"),
    PlaceKind.TOWN: ("місто", "місто", "міста"),
    PlaceKind.VILLAGE: ("село", "село", "села"),
}
TERRITORY = ("територія", "територію", "території")
# Past-tense endings by gender: masculine, feminine, neuter, plural.
ENDINGS = {"m": "", "f": "ла", "n": "ло", "p": "ли"}
# What the denied claim was, as a noun phrase after "заяву … про".
CLAIM_NOUN = {
    Verb.CAPTURED: "захоплення {place}",
    Verb.LIBERATED: "звільнення {place}",
    Verb.HOLDS: "утримання {place}",
    Verb.PARTIALLY_HOLDS: "утримання частини {place}",
    Verb.WITHDREW: "відхід з {place}",
    Verb.ENCIRCLED: "оточення {place}",
    Verb.CONTESTED: "бої за {place_acc}",
    Verb.LEGAL_STATUS: "правовий статус {place}",
    Verb.DENIED: "заперечення щодо {place}",
}


def day(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year} року"


def kind(value: str) -> str:
    return KINDS[ActorKind(value)]


def _cyrillic(word: str) -> bool:
    return any("а" <= letter.lower() <= "я" or letter.lower() in "єіїґ" for letter in word)


def gender(name: str, actor_kind: str | None = None) -> str:
    """The grammatical gender a verb agrees with: "m", "f", "n" or "p" (plural)."""
    first = name.split()[0].lower() if name.split() else ""
    if actor_kind in ORGANISATIONS and not _cyrillic(first):
        return KIND_GENDER.get(actor_kind, "m")
    if first in MASCULINE_IN_A:
        return "m"
    if first.endswith(("ння", "ття", "о", "е")):
        return "n"
    if first.endswith(("а", "я", "a")):
        return "f"
    if first.endswith(("і", "и")) and actor_kind in ORGANISATIONS:
        return "p"  # Збройні сили
    return "m"


def past(stem: str, subject_gender: str) -> str:
    """A past-tense verb from its masculine form ("заявив") for the subject's gender."""
    if subject_gender == "m":
        return stem
    return stem.removesuffix("в") + ENDINGS[subject_gender]


def genitive(name: str) -> str:
    """A one-word feminine name in the genitive (Росія → Росії, Україна → України); any other
    name as it is, as for indeclinable and foreign names."""
    if " " in name or not _cyrillic(name):
        return name
    if name.endswith("ія"):
        return name[:-2] + "ії"
    if name.endswith("я"):
        return name[:-1] + "і"
    if name.endswith(("жа", "ча", "ша", "ща")):
        return name[:-1] + "і"
    if name.endswith("а"):
        return name[:-1] + "и"
    return name


def place_forms(name: str, place_kind: str | None) -> tuple[str, str, str]:
    """The place as (nominative, accusative, genitive): its kind's noun declines, the name
    stays as it is."""
    nouns = PLACE_NOUNS.get(place_kind, TERRITORY)
    if nouns is TERRITORY:
        return tuple(f"{noun} «{name}»" for noun in nouns)
    return tuple(f"{noun} {name}" for noun in nouns)


def role(speaker) -> str:
    """What the speaker is, in brackets after the name: "(речник, Міністерство оборони
    Росії)", "(Росія)", "(аналітичний центр)"."""
    if speaker.kind in ORGANISATIONS:
        return speaker.side or kind(speaker.kind)
    if speaker.parent:
        if speaker.kind == ActorKind.OTHER:
            return speaker.parent
        return f"{kind(speaker.kind)}, {speaker.parent}"
    if speaker.side:
        if speaker.kind == ActorKind.OTHER:
            return speaker.side
        return f"{kind(speaker.kind)}, {speaker.side}"
    return kind(speaker.kind)


def who(speaker) -> str:
    if speaker.name.endswith(")"):  # "Українські посадовці (неназвані)": one pair of brackets
        return f"{speaker.name[:-1]}; {role(speaker)})"
    return f"{speaker.name} ({role(speaker)})"


def _side(s) -> str:
    return s.speaker.side if s.own_side else s.about


def _clause(s) -> str:
    """What a claim says, as a clause after "що"."""
    _, accusative, gen = place_forms(s.place, s.place_kind)
    if s.verb == Verb.CONTESTED:
        return f"за {accusative} тривають бої"
    side = _side(s)
    forces = f"сили {genitive(side)}"
    forms = {
        Verb.CAPTURED: f"{forces} захопили {accusative}",
        Verb.LIBERATED: f"{forces} звільнили {accusative}",
        Verb.HOLDS: f"{side} утримує {accusative}",
        Verb.PARTIALLY_HOLDS: f"{side} утримує частину {gen}",
        Verb.WITHDREW: f"{forces} відійшли з {gen}",
        Verb.ENCIRCLED: f"{forces} оточили {accusative}",
    }
    return forms[s.verb]


def predicate(s) -> str:
    """What the speaker did, after the name: "13 січня 2023 року заявив, що …"."""
    g = gender(s.speaker.name, s.speaker.kind)
    on = day(s.day)
    _, accusative, gen = place_forms(s.place, s.place_kind)
    if s.verb == Verb.LEGAL_STATUS:
        return f"{on} {past('висловив', g)}ся щодо правового статусу {gen}"
    if s.verb == Verb.DENIED:
        denied = past("заперечив", g)
        if s.answered:
            whose, verb = s.answered
            what = CLAIM_NOUN[verb].format(place=gen, place_acc=accusative)
            return f"{on} {denied} заяву {genitive(whose)} про {what}"
        return f"{on} {denied}, що сили {genitive(_side(s))} захопили {accusative}"
    if s.hedged:
        return f"{on} {past('заявив', g)}, хоч і в обережних висловах, що {_clause(s)}"
    return f"{on} {past('заявив', g)}, що {_clause(s)}"


def _verifier(name, verifier_kind) -> tuple[str, str]:
    """The verifier as a subject, with its gender; the newsroom when nobody else judged."""
    if name is None:
        return "редакція", "f"
    return f"{name} ({kind(verifier_kind)})", gender(name, verifier_kind)


def _found(status, name, verifier_kind, whose: str) -> str:
    """A verdict on "заяву {whose}" (``whose`` in the genitive, or "цю" for "this claim")."""
    subject, g = _verifier(name, verifier_kind)
    claim_acc = f"заяву {whose}" if whose != "цю" else "цю заяву"
    claim_dat = f"заяві {whose}" if whose != "цю" else "цій заяві"
    claim_nom = f"заява {whose}" if whose != "цю" else "ця заява"
    return {
        Status.CONFIRMED: f"{subject} {past('підтвердив', g)} {claim_acc}",
        Status.PARTIALLY_CONFIRMED: f"{subject} частково {past('підтвердив', g)} {claim_acc}",
        Status.FALSE: f"{subject} {past('визнав', g)} {claim_acc} неправдивою",
        Status.DISPUTED: f"{subject} {past('знайшов', g)} докази, що суперечать {claim_dat}",
        Status.UNCONFIRMED: f"{claim_acc} не було незалежно підтверджено",
        Status.SUPERSEDED: f"{claim_nom} втратила актуальність через пізніші заяви",
    }[status]


def _stand(stand) -> str:
    first = f"{who(stand.stated.speaker)} {predicate(stand.stated)}"
    if stand.contradicting is None:
        return first
    second = f"{who(stand.contradicting.speaker)} {predicate(stand.contradicting)}"
    return f"посадовці {genitive(stand.side)} суперечили одне одному: {first}, тоді як {second}"


def _finding(stand) -> str:
    whose = genitive(stand.side)
    for status in ORDER:
        found = [f for f in stand.findings if f.status == status]
        if found:
            f = found[0]
            return _found(status, f.verifier, f.verifier_kind, whose)
    return f"заяву {whose} не було незалежно перевірено"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def place(facts) -> str:
    """One or two sentences: what each side said, then what verifiers and third parties found."""
    when = facts.as_of or facts.latest
    _, accusative, gen = place_forms(facts.place, facts.place_kind)
    if not facts.stands and not facts.third_parties:
        if facts.as_of:
            return f"Станом на {day(facts.as_of)} жодних заяв щодо {gen} не було зафіксовано."
        return f"Заяв щодо {gen} ще не зафіксовано."
    plan = outline(facts)
    if plan.told:
        first = "; ".join(_stand(s) for s in plan.told)
    else:
        first = f"Жодна зі сторін не заявила чітко, хто контролює {accusative}"
    findings = [_finding(stand) for stand in plan.verdicts_on]
    if plan.neither_confirmed:
        unconfirmed = "заяви жодної зі сторін не було незалежно підтверджено"
        findings.insert(0, unconfirmed)
    verdict = "; ".join(findings)
    others = "; ".join(f"{who(s.speaker)} {predicate(s)}" for s in plan.third_parties)
    second = "; ".join(part for part in (verdict, others) if part)
    if not second:
        return f"{_capital(first)}."
    return f"{_capital(first)}. Станом на {day(when)} {second}."


def claim(said, finding) -> str:
    """A claim and where its verification stands."""
    first = f"{who(said.speaker)} {predicate(said)}."
    if finding is None:
        return f"{first} Вердикту щодо цієї заяви ще не зафіксовано."
    found = _found(finding.status, finding.verifier, finding.verifier_kind, "цю")
    return f"{first} Станом на {day(finding.day)} {found}."
