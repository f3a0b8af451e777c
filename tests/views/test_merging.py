"""The desk's side of a three-way merge (claims.views.merging): two editors changing different
fields both keep their change; a field both changed is never saved without a choice; the conflict
page lists what changed, field by field."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from claims import merge, services
from claims.choices import Status
from claims.models import Claim
from tests.views.desk_posts import edit

pytestmark = pytest.mark.django_db


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


def _cited(claim) -> list:
    """A claim's citations as inputs, the way a form opened on it would send them."""
    return [
        services.CitationInput(source=c.source, excerpt=c.excerpt, locator=c.locator)
        for c in claim.citations.select_related("source").order_by("position", "id")
    ]


def _maria_edits_the_first_excerpt(claim, maria, excerpt: str) -> tuple:
    """The claim as both editors opened it, and the citations Maria saved over it."""
    opened = Claim.objects.get(pk=claim.pk)
    marias = _cited(opened)
    marias[0].excerpt = excerpt
    services.claim_update(
        claim=claim, expected_version=opened.version, user=maria, citations=marias
    )
    return opened, marias


class TestCitationsMergeOneByOne:
    """A claim's citations are a list both editors may change: edits to different citations
    combine; only the same citation changed by both needs a choice, and the choice settles
    only that one."""

    @pytest.fixture
    def another_source(self, claim):
        from claims.models import Source

        return Source.objects.exclude(url="").exclude(citations__claim=claim).first()

    def test_an_edited_excerpt_and_an_added_citation_are_both_kept(
        self, claim, maria, ivan, another_source
    ):
        opened, marias = _maria_edits_the_first_excerpt(claim, maria, "Maria's excerpt.")

        ivans = [*_cited(opened), services.CitationInput(source=another_source, excerpt="Ivan's.")]
        with pytest.raises(services.StaleVersion) as stale:
            services.claim_update(
                claim=claim, expected_version=opened.version, user=ivan, citations=ivans
            )
        assert stale.value.conflicts == []
        services.claim_update(
            claim=claim,
            expected_version=opened.version,
            seen_version=stale.value.claim.version,
            user=ivan,
            citations=ivans,
        )
        saved = [(c.source_id, c.excerpt) for c in claim.citations.order_by("position", "id")]
        expected = [(c.source.pk, c.excerpt) for c in marias] + [(another_source.pk, "Ivan's.")]
        assert saved == expected

    @pytest.mark.parametrize(
        ("choice", "kept"), [(merge.THEIRS, "Maria's."), (merge.MINE, "Ivan's.")]
    )
    def test_the_same_citation_changed_by_both_needs_a_choice_that_settles_only_it(
        self, claim, maria, ivan, another_source, choice, kept
    ):
        opened, _ = _maria_edits_the_first_excerpt(claim, maria, "Maria's.")

        ivans = _cited(opened)
        ivans[0].excerpt = "Ivan's."
        ivans.append(services.CitationInput(source=another_source, excerpt="Added by Ivan."))
        with pytest.raises(services.StaleVersion) as stale:
            services.claim_update(
                claim=claim, expected_version=opened.version, user=ivan, citations=ivans
            )
        assert stale.value.conflicts == ["citations"]
        services.claim_update(
            claim=claim,
            expected_version=opened.version,
            seen_version=stale.value.claim.version,
            choices={"citations": choice},
            user=ivan,
            citations=ivans,
        )
        excerpts = [c.excerpt for c in claim.citations.order_by("position", "id")]
        assert excerpts == [kept, *(c.excerpt for c in ivans[1:-1]), "Added by Ivan."]

    def test_the_conflict_page_shows_excerpts_and_fills_the_form_with_both(
        self, claim, maria, ivan, another_source
    ):
        as_ivan = Client()
        as_ivan.force_login(ivan)
        opened, marias = _maria_edits_the_first_excerpt(claim, maria, "Maria's excerpt.")

        last = len(marias)
        added = {
            f"citations-{last}-url": another_source.url,
            f"citations-{last}-title": another_source.title,
            f"citations-{last}-excerpt": "Ivan's.",
            "citations-TOTAL_FORMS": str(last + 1),
        }
        conflict = edit(as_ivan, opened, **added)
        assert conflict.status_code == 409
        assert "both kept" in conflict.text
        assert "Maria&#x27;s excerpt." in conflict.text
        data = conflict.context["form"].data
        last = len(marias)
        assert data["citations-0-excerpt"] == "Maria's excerpt."
        assert data[f"citations-{last}-excerpt"] == "Ivan's."

        resubmitted = as_ivan.post(reverse("claims:claim_edit", args=[claim.pk]), data)
        assert resubmitted.status_code == 302
        excerpts = [c.excerpt for c in claim.citations.order_by("position", "id")]
        assert excerpts == [c.excerpt for c in marias] + ["Ivan's."]
