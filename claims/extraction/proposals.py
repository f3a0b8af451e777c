"""What the extraction proposes: plain dataclasses, the same for the desk, the API and the CLI."""

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass
class Mark:
    """Words of the quote that made a proposal, for highlighting: offsets into the quote."""

    start: int
    end: int
    role: str  # place, claimant, verb, side, stated, effective, verifier, evidence
    text: str


@dataclass
class ClaimProposal:
    place: str  # a place's slug, or the name as written when it is not on file
    place_known: bool
    claimant: str  # an actor's slug, or a proposed name
    claimant_known: bool
    claimant_side: str | None
    claimant_kind: str
    verb: str
    side: str | None
    stated_at: date
    effective_at: date | None
    quote: str
    answers: int | None = None
    confidence: float = 0.5
    why: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    sentence: int = 0
    # False when the text gave no day and the publication date stands in for it.
    stated_in_text: bool = True

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["stated_in_text"]
        data["stated_at"] = self.stated_at.isoformat()
        data["effective_at"] = self.effective_at.isoformat() if self.effective_at else None
        return data


@dataclass
class VerificationProposal:
    claim: int  # index into Extraction.claims
    verifier: str | None  # an actor's slug or a proposed name; None: the newsroom
    verifier_known: bool
    status: str
    decided_at: date
    evidence_kind: str
    quote: str
    why: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    sentence: int = 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["decided_at"] = self.decided_at.isoformat()
        return data


@dataclass
class Extraction:
    text: str
    published: date
    claims: list[ClaimProposal] = field(default_factory=list)
    verifications: list[VerificationProposal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "published": self.published.isoformat(),
            "notes": list(self.notes),
            "claims": [c.as_dict() for c in self.claims],
            "verifications": [v.as_dict() for v in self.verifications],
        }


def segments(quote: str, marks: list[Mark]) -> list[tuple[str, str]]:
    """``quote`` cut into ``(text, role)`` pieces, role "" between marks, for highlighting.
    Overlapping marks keep the first."""
    pieces, at = [], 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < at or mark.end <= mark.start or mark.end > len(quote):
            continue
        if mark.start > at:
            pieces.append((quote[at : mark.start], ""))
        pieces.append((quote[mark.start : mark.end], mark.role))
        at = mark.end
    if at < len(quote):
        pieces.append((quote[at:], ""))
    return pieces
