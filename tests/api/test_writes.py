"""The API's writes (claims.api.views): claims and verifications with a token, refused with a
400 or a 409 where the services refuse."""

import pytest

from claims import services
from claims.choices import Status
from claims.models import Claim, Source
from tests.api.answers import CLAIMS, body

pytestmark = pytest.mark.django_db


class TestWrites:
    def claim_payload(self, **overrides):
        payload = {
            "place": "soledar",
            "claimant": "serhii-cherevaty",
            "verb": "holds",
            "side": "ukraine",
            "stated_at": "2023-01-14T10:00:00+02:00",
            "stated_precision": "day",
            "summary": "Ukraine's army said it still held the town.",
            "citations": [{"url": "https://example.org/statement", "title": "Statement"}],
        }
        payload.update(overrides)
        return payload

    def test_an_editor_posts_a_claim_with_a_token(self, token_for, demo_data, editor):
        response = token_for(editor).post(CLAIMS, self.claim_payload(), format="json")
        assert response.status_code == 201, response.content
        claim = body(response)
        assert response["Location"] == claim["url"]
        assert claim["stated_at"] == "2023-01-14T08:00:00Z"
        assert claim["status"] == Status.UNREVIEWED
        assert claim["citations"][0]["source"]["url"] == "https://example.org/statement"

    def test_writing_needs_a_token(self, api_client, demo_data):
        response = api_client.post(CLAIMS, self.claim_payload(), format="json")
        assert response.status_code == 401

    def test_a_reader_token_cannot_write(self, token_for, demo_data, reader):
        response = token_for(reader).post(CLAIMS, self.claim_payload(), format="json")
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"verb": "captured", "side": None}, "side"),
            ({"stated_at": "2023-01-14T10:00:00+99:00"}, "stated_at"),
            ({"effective_at": "2023-01-15T00:00:00Z"}, "effective_at"),
            ({"summary": "bell \x07 ringing"}, "summary"),
            ({"summary": "x" * 2001}, "summary"),
            ({"place": "atlantis"}, "place"),
            ({"answers": 10**30}, "answers"),
            ({"citations": [{"title": "no url"}]}, "citations"),
        ],
    )
    def test_bad_claims_get_a_400_naming_the_field(
        self, token_for, demo_data, editor, overrides, field
    ):
        before = Claim.objects.count()
        response = token_for(editor).post(CLAIMS, self.claim_payload(**overrides), format="json")
        assert response.status_code == 400, response.content
        assert field in body(response)
        assert Claim.objects.count() == before

    def test_a_likely_duplicate_is_a_409_unless_allowed(self, token_for, demo_data, editor):
        api = token_for(editor)
        duplicate = self.claim_payload(stated_at="2023-01-13T18:00:00Z")
        response = api.post(CLAIMS, duplicate, format="json")
        assert response.status_code == 409
        assert body(response)["duplicates"][0]["claimant"]["slug"] == "serhii-cherevaty"
        allowed = api.post(CLAIMS, {**duplicate, "allow_duplicate": True}, format="json")
        assert allowed.status_code == 201

    def verify_url(self, claim):
        return f"{CLAIMS}{claim.pk}/verifications/"

    def test_an_editor_posts_a_verification(self, token_for, demo_data, editor):
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        response = token_for(editor).post(
            self.verify_url(claim),
            {
                "version": claim.version,
                "status": "disputed",
                "rationale": "Contradicted by AP.",
                "new_evidence": [
                    {"url": "https://example.org/ap", "publisher": "associated-press"}
                ],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert body(response)["status"] == "disputed"
        assert body(response)["recorded_by"] == "editor"
        claim.refresh_from_db()
        assert claim.status == Status.DISPUTED

    def test_a_stale_version_is_a_409_with_the_current_state(
        self, token_for, demo_data, editor, second_editor
    ):
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        opened_at = claim.version
        services.verification_record(
            claim=claim,
            expected_version=opened_at,
            status=Status.DISPUTED,
            rationale="A colleague was quicker.",
            user=second_editor,
        )
        response = token_for(editor).post(
            self.verify_url(claim),
            {"version": opened_at, "status": "unconfirmed", "rationale": "Mine."},
            format="json",
        )
        assert response.status_code == 409
        conflict = body(response)
        assert conflict["current"]["status"] == "disputed"
        assert conflict["current"]["version"] == opened_at + 1
        assert [c["rationale"] for c in conflict["verifications"]] == ["A colleague was quicker."]
        assert conflict["changes"] == [
            {"field": "status", "label": "Status", "before": "Unreviewed", "theirs": "Disputed"}
        ]

    def test_lead_verdicts_and_the_evidence_rule_hold_in_the_api(
        self, token_for, demo_data, editor, lead
    ):
        claim = Claim.objects.get(claimant__slug="yevgeny-prigozhin")
        confirm = {"version": claim.version, "status": "confirmed", "rationale": "Seen."}
        assert (
            token_for(editor).post(self.verify_url(claim), confirm, format="json").status_code
            == 403
        )
        response = token_for(lead).post(self.verify_url(claim), confirm, format="json")
        assert response.status_code == 400
        assert "evidence" in body(response)
        reuters_report = Source.objects.get(title__startswith="Reuters")
        confirm["evidence"] = [reuters_report.pk]
        assert (
            token_for(lead).post(self.verify_url(claim), confirm, format="json").status_code == 201
        )

    def test_a_rationale_is_required(self, token_for, demo_data, editor):
        claim = Claim.objects.first()
        response = token_for(editor).post(
            self.verify_url(claim), {"version": claim.version, "status": "disputed"}, format="json"
        )
        assert response.status_code == 400
        assert "rationale" in body(response)
