"""Forms collect and shape input; the rules live in claims.services, which the views call.

The fields they are built from, and the input rules, are :mod:`claims.inputs`'s.
"""

from claims.forms.catalogue import ActorForm, NameForm, PlaceForm, SideColourForm, SourceForm
from claims.forms.claims import (
    CitationForm,
    CitationFormSet,
    ClaimForm,
    EditClaimForm,
    NewClaimForm,
    citation_initial,
    claim_initial,
)
from claims.forms.common import initial_from
from claims.forms.verification import VerificationForm

__all__ = [
    "ActorForm",
    "CitationForm",
    "CitationFormSet",
    "ClaimForm",
    "EditClaimForm",
    "NameForm",
    "NewClaimForm",
    "PlaceForm",
    "SideColourForm",
    "SourceForm",
    "VerificationForm",
    "citation_initial",
    "claim_initial",
    "initial_from",
]
