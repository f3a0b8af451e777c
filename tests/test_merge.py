"""Three-way merge (claims.merge): the API's 409 names the same changes as the desk's conflict page
(tests/views/test_merging.py), history records only real changes, every editable field merges."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import merge, services
from claims.models import Citation, Claim
from tests.views.desk_posts import citation_rows, edit

pytestmark = pytest.mark.django_db


class TestMergeInTheApi:
    def test_a_stale_patch_gets_the_same_changes_as_the_desk(self, claim, maria, ivan, token_for):
        opened = claim.version
        services.claim_update(claim=claim, expected_version=opened, user=maria, summary="M.")
        url = reverse("api:claim-detail", kwargs={"version": "v1", "pk": claim.pk})
        api = token_for(ivan)
        response = api.patch(
            url, {"version": opened, "reason": "Quote", "quote": "Ivan's."}, format="json"
        )
        assert response.status_code == 409
        body = response.json()
        with pytest.raises(services.StaleVersion) as stale:
            services.claim_update(claim=claim, expected_version=opened, user=ivan, quote="x")
        assert body["changes"] == [c.as_dict() for c in stale.value.changes]
        assert [c["field"] for c in body["changes"]] == ["summary"]
        assert body["conflicts"] == []
        assert body["current"]["summary"] == "M."

        merged = api.patch(
            url,
            {"version": opened, "seen_version": opened + 1, "reason": "Quote", "quote": "Ivan's."},
            format="json",
        )
        assert merged.status_code == 200, merged.json()
        assert (merged.json()["summary"], merged.json()["quote"]) == ("M.", "Ivan's.")

    def test_a_both_changed_field_needs_a_choice_in_the_api_too(
        self, claim, maria, ivan, token_for
    ):
        opened = claim.version
        services.claim_update(claim=claim, expected_version=opened, user=maria, summary="M.")
        url = reverse("api:claim-detail", kwargs={"version": "v1", "pk": claim.pk})
        api = token_for(ivan)
        payload = {"version": opened, "seen_version": opened + 1, "reason": "S", "summary": "I."}
        response = api.patch(url, payload, format="json")
        assert response.status_code == 409
        assert response.json()["conflicts"] == ["summary"]
        claim.refresh_from_db()
        assert claim.summary == "M."
        payload["choices"] = {"summary": "mine"}
        assert api.patch(url, payload, format="json").status_code == 200
        claim.refresh_from_db()
        assert claim.summary == "I."

    def test_anonymous_clients_cannot_patch(self, claim, api_client):
        url = reverse("api:claim-detail", kwargs={"version": "v1", "pk": claim.pk})
        response = api_client.patch(url, {"version": 1, "reason": "x"}, format="json")
        assert response.status_code in (401, 403)


class TestHistoryRecordsOnlyChanges:
    @pytest.mark.parametrize("claimant", ["serhii-cherevaty", "igor-konashenkov"])
    def test_saving_the_form_unchanged_writes_no_history_and_no_correction(
        self, demo_data, editor, claimant
    ):
        # Konashenkov's claim answers none: an empty relation once read as always changed.
        claim = Claim.objects.get(claimant__slug=claimant)
        client = Client()
        client.force_login(editor)
        claim_rows, version = claim.history.count(), claim.version
        citation_rows = Citation.history.filter(claim_id=claim.pk).count()
        assert edit(client, claim, reason="Nothing really").status_code == 302
        assert claim.history.count() == claim_rows
        assert Citation.history.filter(claim_id=claim.pk).count() == citation_rows
        claim.refresh_from_db()
        # No new version either: a colleague's form open on it would meet a false conflict.
        assert claim.version == version
        public = Client().get(claim.get_absolute_url()).text
        assert "Nothing really" not in public
        assert "Citation: changed" not in public

    def test_an_edit_records_only_the_fields_it_changed(self, claim, editor):
        claim.stated_at = claim.stated_at.replace(second=30)
        claim.save()  # a time known to the second, which a form shows to the minute
        client = Client()
        client.force_login(editor)
        claim.refresh_from_db()
        assert edit(client, claim, summary="Only this.", reason="Summary").status_code == 302
        latest, previous = claim.history.order_by("-history_date")[:2]
        delta = latest.diff_against(previous, included_fields=list(merge.CONTENT_FIELDS))
        assert [change.field for change in delta.changes] == ["summary"]
        assert not Citation.history.filter(claim_id=claim.pk, history_type="~").exists()

    def test_a_citation_pointed_at_another_url_cites_that_source(self, demo_data, editor):
        # The row's hidden source id won over the URL typed in it: "Claim updated", nothing did.
        claim = Claim.objects.get(claimant__slug="cnn")
        client = Client()
        client.force_login(editor)
        rows = citation_rows(claim)
        before = rows["citations-0-url"]
        assert before.startswith("https://www.cnn.com/")
        rows["citations-0-url"] = "https://t.me/annamaliar/correct-post-123"
        rows["citations-0-title"] = "The post it was"
        assert edit(client, claim, reason="Wrong post", **rows).status_code == 302
        urls = set(claim.citations.values_list("source__url", flat=True))
        assert "https://t.me/annamaliar/correct-post-123" in urls
        assert before not in urls
        assert "Citation: added" in Client().get(claim.get_absolute_url()).text

    def test_a_changed_excerpt_is_one_citation_correction(self, claim, editor):
        client = Client()
        client.force_login(editor)
        rows = citation_rows(claim)
        rows["citations-0-excerpt"] = "A new excerpt."
        assert edit(client, claim, reason="Excerpt", **rows).status_code == 302
        changed = Citation.history.filter(claim_id=claim.pk, history_type="~")
        assert changed.count() == 1
        # Readers see why, as they do for the claim's own fields.
        assert changed.get().history_change_reason == "Excerpt"
        assert "Excerpt" in Client().get(claim.get_absolute_url()).text


def test_every_field_a_claim_edit_may_change_is_merged():
    assert set(merge.CONTENT_FIELDS) == set(services.CLAIM_FIELDS)
