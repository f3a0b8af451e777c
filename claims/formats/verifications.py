"""The verification's outside formats: the API object and the verifications CSV."""

from rest_framework import serializers

from claims.choices import EvidenceKind, Status
from claims.formats.base import Column, Format, Related, cell, value
from claims.formats.claims import source_cell
from claims.models import VerificationEvidence

EVIDENCE = Related(VerificationEvidence, "verification_id", "id", ("id",))


def _evidence(item, links) -> dict:
    return {
        "id": item["source_id"],
        "url": item["source__url"],
        "title": item["source__title"],
        "api_url": f"{links.source_api}{item['source_id']}/",
    }


class EvidenceSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    api_url = serializers.URLField()


API = Format(
    (
        Column("id", ("id",), value("id"), serializers.IntegerField()),
        Column("claim", ("claim_id",), value("claim_id"), serializers.IntegerField()),
        Column(
            "claim_url",
            ("claim_id",),
            lambda row, links: f"{links.claim_api}{row['claim_id']}/",
            serializers.URLField(),
        ),
        Column(
            "place", ("claim__place__slug",), value("claim__place__slug"), serializers.CharField()
        ),
        Column("status", ("status",), value("status"), serializers.ChoiceField(Status.choices)),
        Column(
            "rationale", ("rationale",), value("rationale"), serializers.CharField(allow_blank=True)
        ),
        Column(
            "evidence_kind",
            ("evidence_kind",),
            value("evidence_kind"),
            serializers.ChoiceField(choices=[("", "—"), *EvidenceKind.choices]),
        ),
        Column(
            "evidence",
            ("source_id", "source__url", "source__title"),
            lambda row, links: [_evidence(item, links) for item in row["evidence"]],
            EvidenceSourceSerializer(many=True),
            over="evidence",
        ),
        Column(
            "verifier",
            ("verifier__slug",),
            value("verifier__slug"),
            serializers.CharField(
                allow_null=True,
                help_text="Slug of the actor whose judgement it is; null: the newsroom's.",
            ),
        ),
        Column(
            "recorded_by",
            ("recorded_by__username",),
            value("recorded_by__username"),
            serializers.CharField(allow_null=True),
        ),
        Column("decided_at", ("decided_at",), value("decided_at"), serializers.DateTimeField()),
        Column("recorded_at", ("recorded_at",), value("recorded_at"), serializers.DateTimeField()),
        Column(
            "claim_version", ("claim_version",), value("claim_version"), serializers.IntegerField()
        ),
    ),
    related={"evidence": EVIDENCE},
)


def _evidence_cell(what: str) -> Column:
    return source_cell("evidence", "evidence", what)


# The verifications CSV (docs/csv-format.md), read back by ``import_verifications``: a claim is
# named by what identifies it in any database, not by this database's id. Add at the end only.
CSV = Format(
    (
        cell("id", "id"),
        cell("claim_id", "claim_id"),
        cell("claim_place", "claim__place__slug"),
        cell("claim_claimant", "claim__claimant__slug"),
        cell("claim_stated_at", "claim__stated_at", kind="time"),
        cell("claim_verb", "claim__verb"),
        cell("claim_side", "claim__side__slug"),
        cell("status", "status"),
        cell("decided_at", "decided_at", kind="time"),
        cell("verifier", "verifier__slug"),
        cell("verifier_name", "verifier__name", kind="text"),
        cell("verifier_kind", "verifier__kind"),
        cell("verifier_side", "verifier__side__slug"),
        cell("rationale", "rationale", kind="text"),
        cell("evidence_kind", "evidence_kind"),
        _evidence_cell("urls"),
        _evidence_cell("titles"),
        _evidence_cell("publishers"),
        _evidence_cell("published_at"),
        cell("recorded_at", "recorded_at", kind="time"),
        Column(
            "claim_page_url",
            ("claim_id",),
            lambda row, links: f"{links.claim_page}{row['claim_id']}/",
        ),
        _evidence_cell("publisher_names"),
        _evidence_cell("publisher_kinds"),
        _evidence_cell("publisher_sides"),
    ),
    related={"evidence": EVIDENCE},
)
