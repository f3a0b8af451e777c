"""English wording of the quotable sentences. Only words: what may be said is decided in
:mod:`claims.sentences`, from the control picture."""

from claims.choices import ActorKind, Status, Verb
from claims.sentences.outline import outline

ORGANISATIONS = frozenset(
    {
        ActorKind.MINISTRY,
        ActorKind.MILITARY_COMMAND,
        ActorKind.PARAMILITARY,
        ActorKind.FOREIGN_GOVERNMENT,
        ActorKind.THINK_TANK,
        ActorKind.NEWS_ORGANISATION,
        ActorKind.IMAGERY_PROVIDER,
    }
)
CLAIM_NOUN = {
    Verb.CAPTURED: "claim to have captured {place}",
    Verb.LIBERATED: "claim to have liberated {place}",
    Verb.HOLDS: "claim to hold {place}",
    Verb.PARTIALLY_HOLDS: "claim to hold part of {place}",
    Verb.WITHDREW: "report of a withdrawal from {place}",
    Verb.ENCIRCLED: "claim to have encircled {place}",
    Verb.CONTESTED: "account of the fighting for {place}",
    Verb.LEGAL_STATUS: "statement on the legal status of {place}",
    Verb.DENIED: "denial about {place}",
}
FOUND = {
    Status.CONFIRMED: "{who} had confirmed {whose} claim",
    Status.PARTIALLY_CONFIRMED: "{who} had partly confirmed {whose} claim",
    Status.FALSE: "{who} had judged {whose} claim false",
    Status.DISPUTED: "{who} had found evidence against {whose} claim",
    Status.UNCONFIRMED: "{whose} claim had not been independently confirmed",
    Status.SUPERSEDED: "{whose} claim had been superseded by later statements",
}
CLAIM_FOUND = {
    Status.CONFIRMED: "{who} had confirmed it",
    Status.PARTIALLY_CONFIRMED: "{who} had partly confirmed it",
    Status.FALSE: "{who} had judged it false",
    Status.DISPUTED: "{who} had found evidence against it",
    Status.UNCONFIRMED: "it had not been independently confirmed",
    Status.SUPERSEDED: "it had been superseded by later statements",
}
# Which verdict a sentence names when several verifiers judged a position, strongest first.
ORDER = (
    Status.CONFIRMED,
    Status.PARTIALLY_CONFIRMED,
    Status.FALSE,
    Status.DISPUTED,
    Status.UNCONFIRMED,
    Status.SUPERSEDED,
)


def day(value) -> str:
    return f"{value.day} {value:%B %Y}"


def kind(value: str) -> str:
    return ActorKind(value).label.lower()


def _the(name: str) -> str:
    return name if name.isupper() else f"the {name}"


def role(speaker) -> str:
    """What the speaker is, in brackets after the name: "(spokesperson for the Armed Forces of
    Ukraine)", "(Russia)", "(think tank)"."""
    if speaker.kind in ORGANISATIONS:
        return speaker.side or kind(speaker.kind)
    if speaker.parent:
        if speaker.kind == ActorKind.OTHER:
            return f"of {_the(speaker.parent)}"
        return f"{kind(speaker.kind)} for {_the(speaker.parent)}"
    if speaker.side:
        return (
            speaker.side
            if speaker.kind == ActorKind.OTHER
            else f"{speaker.side}'s {kind(speaker.kind)}"
        )
    return kind(speaker.kind)


def who(speaker) -> str:
    if speaker.name.endswith(")"):  # "Ukrainian officials (unnamed)": one pair of brackets
        return f"{speaker.name[:-1]}; {role(speaker)})"
    return f"{speaker.name} ({role(speaker)})"


def _clause(s) -> str:
    """What a claim says, as a clause after "said that"."""
    place, about, verb = s.place, s.about, s.verb
    if verb == Verb.CONTESTED:
        return f"fighting for {place} was going on"
    side = s.speaker.side if s.own_side else about
    forms = {
        Verb.CAPTURED: f"{side}'s forces had captured {place}",
        Verb.LIBERATED: f"{side}'s forces had liberated {place}",
        Verb.HOLDS: f"{side} held {place}",
        Verb.PARTIALLY_HOLDS: f"{side} held part of {place}",
        Verb.WITHDREW: f"{side}'s forces had withdrawn from {place}",
        Verb.ENCIRCLED: f"{side}'s forces had encircled {place}",
    }
    return forms[verb]


def predicate(s) -> str:
    """What the speaker did, after the name: "said on 13 January 2023 that …"."""
    on = f"on {day(s.day)}"
    if s.verb == Verb.LEGAL_STATUS:
        return f"spoke {on} of the legal status of {s.place}"
    if s.verb == Verb.DENIED:
        if s.answered:
            whose, verb = s.answered
            return f"denied {on} {whose}'s {CLAIM_NOUN[verb].format(place=s.place)}"
        side = s.speaker.side if s.own_side else s.about
        return f"denied {on} that {side}'s forces had captured {s.place}"
    if s.hedged:
        return f"said {on}, in hedged terms, that {_clause(s)}"
    return f"said {on} that {_clause(s)}"


def _stand(stand) -> str:
    first = f"{who(stand.stated.speaker)} {predicate(stand.stated)}"
    if stand.contradicting is None:
        return first
    second = f"{who(stand.contradicting.speaker)} {predicate(stand.contradicting)}"
    return f"{stand.side}'s own officials contradicted each other: {first}, while {second}"


def _finding(stand) -> str:
    whose = f"{stand.side}'s"
    for status in ORDER:
        found = [f for f in stand.findings if f.status == status]
        if found:
            f = found[0]
            verifier = (
                "the newsroom" if f.verifier is None else f"{f.verifier} ({kind(f.verifier_kind)})"
            )
            return FOUND[status].format(who=verifier, whose=whose)
    return f"{whose} claim had not been independently verified"


def place(facts) -> str:
    """One or two sentences: what each side said, then what verifiers and third parties found."""
    when = facts.as_of or facts.latest
    if not facts.stands and not facts.third_parties:
        if facts.as_of:
            return f"No claims about {facts.place} had been recorded by {day(facts.as_of)}."
        return f"No claims about {facts.place} have been recorded yet."
    plan = outline(facts)
    if plan.told:
        first = "; ".join(_stand(s) for s in plan.told)
    else:
        first = f"Neither side had made a clear claim about who controls {facts.place}"
    findings = [_finding(stand) for stand in plan.verdicts_on]
    if plan.neither_confirmed:
        unconfirmed = "neither side's claim had been independently confirmed"
        findings.insert(0, unconfirmed)
    verdict = "; ".join(findings)
    others = "; ".join(f"{who(s.speaker)} {predicate(s)}" for s in plan.third_parties)
    second = "; ".join(part for part in (verdict, others) if part)
    if not second:
        return f"{first}."
    return f"{first}. As of {day(when)}, {second}."


def claim(said, finding) -> str:
    """A claim and where its verification stands."""
    first = f"{who(said.speaker)} {predicate(said)}."
    if finding is None:
        return f"{first} No verdict on it had been recorded."
    verifier = (
        "the newsroom"
        if finding.verifier is None
        else f"{finding.verifier} ({kind(finding.verifier_kind)})"
    )
    return f"{first} As of {day(finding.day)}, {CLAIM_FOUND[finding.status].format(who=verifier)}."
