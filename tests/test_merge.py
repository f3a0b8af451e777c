"""Three-way merge on the desk and in the API, history that records only real changes, and
taking over a claim knowingly."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from claims import merge, services
from claims.choices import Status
from claims.models import Citation, Claim
from tests.conftest import _user_in
from tests.views.desk_posts import edit_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(demo_data):
    return Claim.objects.get(claimant__slug="serhii-cherevaty")


@pytest.fixture
def maria(db):
    return _user_in("Editors", "maria")


@pytest.fixture
def ivan(db):
    return _user_in("Editors", "ivan")


def citation_rows(claim):
    data = {}
    citations = list(claim.citations.select_related("source"))
    for i, c in enumerate(citations):
        data.update(
            {
                f"citations-{i}-source": c.source_id,
                f"citations-{i}-url": c.source.url,
                f"citations-{i}-title": c.source.title,
                f"citations-{i}-locator": c.locator,
                f"citations-{i}-excerpt": c.excerpt,
            }
        )
    data["citations-TOTAL_FORMS"] = str(len(citations))
    return data


def edit(client, claim, **overrides):
    payload = {**edit_payload(claim), **citation_rows(claim), **overrides}
    return client.post(reverse("claims:claim_edit", args=[claim.pk]), payload)


class TestMergeOnTheDesk:
    def test_maria_and_ivan_editing_different_fields_both_keep_their_change(
        self, claim, maria, ivan
    ):
        as_maria, as_ivan = Client(), Client()
        as_maria.force_login(maria)
        as_ivan.force_login(ivan)
        opened = Claim.objects.get(pk=claim.pk)  # both open the form at the same version
        assert (
            edit(as_maria, opened, summary="Maria's summary.", reason="Summary").status_code == 302
        )

        conflict = edit(as_ivan, opened, quote="Ivan's quote.", reason="Quote")
        assert conflict.status_code == 409
        text = conflict.text
        assert "Before: " + escape(opened.summary) in text
        assert "Theirs: Maria&#x27;s summary." in text
        form = conflict.context["form"]
        assert form["summary"].value() == "Maria's summary."  # their change is in the form
        assert form["quote"].value() == "Ivan's quote."  # and what Ivan typed is kept
        claim.refresh_from_db()
        assert claim.quote == opened.quote  # nothing of Ivan's was written yet

        resubmitted = as_ivan.post(reverse("claims:claim_edit", args=[claim.pk]), form.data)
        assert resubmitted.status_code == 302
        claim.refresh_from_db()
        assert (claim.summary, claim.quote) == ("Maria's summary.", "Ivan's quote.")
        public = Client().get(claim.get_absolute_url()).text
        corrections = public[public.index('id="corrections-heading"') :]
        assert corrections.count("Maria&#x27;s summary.") == 1  # never flipped back

    def test_a_field_both_changed_is_never_saved_without_a_choice(self, claim, maria, ivan):
        as_maria, as_ivan = Client(), Client()
        as_maria.force_login(maria)
        as_ivan.force_login(ivan)
        opened = Claim.objects.get(pk=claim.pk)
        assert edit(as_maria, opened, summary="Maria's summary.").status_code == 302

        first = edit(as_ivan, opened, summary="Ivan's summary.")
        assert first.status_code == 409
        assert "you both changed it" in first.text
        data = first.context["form"].data.copy()
        # Saving again without choosing, even claiming to have seen everything, asks again.
        again = as_ivan.post(reverse("claims:claim_edit", args=[claim.pk]), data)
        assert again.status_code == 409
        data["conflicts"] = ""  # a form stripped of its conflict list is asked again too
        assert as_ivan.post(reverse("claims:claim_edit", args=[claim.pk]), data).status_code == 409
        claim.refresh_from_db()
        assert claim.summary == "Maria's summary."

        data = first.context["form"].data.copy()
        data["choose_summary"] = merge.MINE
        assert as_ivan.post(reverse("claims:claim_edit", args=[claim.pk]), data).status_code == 302
        claim.refresh_from_db()
        assert claim.summary == "Ivan's summary."

    def test_choosing_theirs_keeps_their_value(self, claim, maria, ivan):
        opened = Claim.objects.get(pk=claim.pk)
        services.claim_update(
            claim=claim, expected_version=opened.version, user=maria, summary="Maria's."
        )
        with pytest.raises(services.StaleVersion) as stale:
            services.claim_update(
                claim=claim, expected_version=opened.version, user=ivan, summary="Ivan's."
            )
        assert stale.value.conflicts == ["summary"]
        services.claim_update(
            claim=claim,
            expected_version=opened.version,
            seen_version=stale.value.claim.version,
            choices={"summary": merge.THEIRS},
            user=ivan,
            summary="Ivan's.",
            quote="Ivan's quote.",
        )
        claim.refresh_from_db()
        assert (claim.summary, claim.quote) == ("Maria's.", "Ivan's quote.")

    def test_changes_seen_are_not_enough_when_someone_saves_again_meanwhile(
        self, claim, maria, ivan
    ):
        opened = claim.version
        services.claim_update(claim=claim, expected_version=opened, user=maria, summary="One.")
        seen = opened + 1
        services.claim_update(claim=claim, expected_version=seen, user=maria, summary="Two.")
        with pytest.raises(services.StaleVersion) as stale:
            services.claim_update(
                claim=claim, expected_version=opened, seen_version=seen, user=ivan, quote="Q."
            )
        assert stale.value.claim.version == seen + 1
        assert [(c.field, c.theirs) for c in stale.value.changes] == [("summary", "Two.")]
        claim.refresh_from_db()
        assert claim.quote != "Q."

    def test_a_stale_verification_lists_the_status_change_field_by_field(
        self, claim, editor, second_editor
    ):
        opened = claim.version
        services.verification_record(
            claim=claim, expected_version=opened, status=Status.DISPUTED, rationale="AP."
        )
        client = Client()
        client.force_login(editor)
        response = client.post(
            reverse("claims:claim_verify", args=[claim.pk]),
            {
                "version": opened,
                "status": Status.UNCONFIRMED,
                "rationale": "Mine.",
                "evidence_source_kind": "article",
            },
        )
        assert response.status_code == 409
        assert f"Before: {Status(claim.status).label}" in response.text
        assert "Now: Disputed" in response.text


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
    def test_saving_the_form_unchanged_writes_no_history_and_no_correction(self, claim, editor):
        client = Client()
        client.force_login(editor)
        claim_rows = claim.history.count()
        citation_rows = Citation.history.filter(claim_id=claim.pk).count()
        assert edit(client, claim, reason="Nothing really").status_code == 302
        assert claim.history.count() == claim_rows
        assert Citation.history.filter(claim_id=claim.pk).count() == citation_rows
        claim.refresh_from_db()
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

    def test_a_changed_excerpt_is_one_citation_correction(self, claim, editor):
        client = Client()
        client.force_login(editor)
        rows = citation_rows(claim)
        rows["citations-0-excerpt"] = "A new excerpt."
        assert edit(client, claim, reason="Excerpt", **rows).status_code == 302
        changed = Citation.history.filter(claim_id=claim.pk, history_type="~")
        assert changed.count() == 1


class TestTakeOver:
    @pytest.fixture
    def queued(self, demo_data):
        return Claim.objects.get(claimant__slug="isw", place__slug="soledar")

    def test_taking_a_claim_held_by_another_asks_then_records_the_takeover(
        self, queued, maria, ivan
    ):
        services.claim_take_into_review(claim=queued, expected_version=queued.version, user=ivan)
        queued.refresh_from_db()
        client = Client()
        client.force_login(maria)
        url = reverse("claims:claim_take", args=[queued.pk])
        question = client.post(url, {"version": queued.version})
        assert question.status_code == 409
        assert "Ivan</strong> took this claim into review" in question.text
        assert "Take over" in question.text
        queued.refresh_from_db()
        assert queued.current_verification.recorded_by == ivan

        taken = client.post(url, {"version": queued.version, "take_over": "yes"})
        assert taken.status_code == 302
        queued.refresh_from_db()
        assert queued.current_verification.recorded_by == maria
        assert queued.current_verification.rationale == "Taken over from another editor."
        queue = client.get(reverse("claims:review")).text
        assert "Maria" in queue

    def test_the_public_rationale_of_a_take_names_no_one(self, queued, maria):
        verification = services.claim_take_into_review(
            claim=queued, expected_version=queued.version, user=maria
        )
        assert verification.rationale == "Taken into review."
        assert verification.recorded_by == maria
        assert "Maria" not in Client().get(queued.get_absolute_url()).text


def test_every_field_a_claim_edit_may_change_is_merged():
    assert set(merge.CONTENT_FIELDS) == set(services.CLAIM_FIELDS)
