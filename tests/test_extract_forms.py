"""The article extraction's forms (claims.extract_forms): days become moments, rejected
proposals need nothing, accepted ones become the services' inputs."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from claims.choices import Status, Verb
from claims.extract_forms import (
    REJECT,
    ArticleForm,
    ProposalForm,
    ProposedVerificationForm,
    article_initial,
    day_moment,
)
from tests.factories import PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2023, 1, 13, 18, 30, tzinfo=UTC)


class TestDayMoment:
    def test_the_articles_own_moment_when_it_falls_on_that_day(self):
        assert day_moment(date(2023, 1, 13), same_day_as=PUBLISHED) == PUBLISHED

    def test_noon_utc_on_any_other_day(self):
        moment = day_moment(date(2023, 1, 12), same_day_as=PUBLISHED)
        assert moment == datetime(2023, 1, 12, 12, tzinfo=UTC)

    def test_never_later_than_now(self):
        today = timezone.now().astimezone(UTC).date()
        assert day_moment(today + timedelta(days=3)) <= timezone.now()


class TestArticleForm:
    def payload(self, **changes):
        return {"text": "Russia's MoD said Soledar was taken.", "title": "Report", **changes}

    def test_a_publication_date_in_the_future_is_refused(self):
        tomorrow = timezone.localdate() + timedelta(days=1)
        form = ArticleForm(self.payload(published=tomorrow.isoformat()))
        assert list(form.errors) == ["published"]

    def test_a_known_sources_own_publication_moment_wins_over_the_day_typed(self):
        source = SourceFactory(published_at=PUBLISHED)
        form = ArticleForm(self.payload(published="2023-01-10", source=source.pk))
        assert form.is_valid(), form.errors
        article = form.article_input()
        assert (article.source, article.published_at) == (source, PUBLISHED)

    def test_the_form_starts_from_a_sources_record(self):
        source = SourceFactory(published_at=PUBLISHED)
        initial = article_initial(source)
        assert initial["publisher"] == source.publisher.slug
        assert initial["published"] == timezone.localtime(PUBLISHED).date()
        assert (initial["url"], initial["title"]) == (source.url, source.title)


class TestProposalForm:
    def payload(self, **changes):
        return {
            "decision": "accept",
            "verb": Verb.CAPTURED,
            "new_claimant_kind": "spokesperson",
            "stated_at": "2023-01-13",
            "summary": "Russia's MoD said it took Soledar.",
            **changes,
        }

    def test_a_rejected_proposal_is_valid_whatever_it_holds(self):
        form = ProposalForm({"decision": REJECT, "stated_at": "not a day"})
        assert form.is_valid()
        assert not form.accepted

    def test_an_accepted_proposal_needs_a_place_and_a_claimant(self):
        form = ProposalForm(self.payload())
        assert not form.accepted
        assert {"place", "claimant"} <= set(form.errors)

    def test_it_cannot_refer_to_a_day_after_it_was_stated(self, russian_actor):
        place = PlaceFactory()
        form = ProposalForm(
            self.payload(place=place.slug, claimant=russian_actor.slug, effective_at="2023-01-14")
        )
        assert list(form.errors) == ["effective_at"]

    def test_a_new_claimant_is_proposed_with_the_claim_stated_when_published(self, russia):
        place = PlaceFactory()
        form = ProposalForm(
            self.payload(place=place.slug, new_claimant_name="Denis Pushilin", side="russia"),
            count=2,
        )
        assert form.accepted, form.errors
        proposed = form.proposed(1, published_at=PUBLISHED)
        assert (proposed.index, proposed.answers, proposed.allow_duplicate) == (1, None, False)
        assert proposed.data.place == place
        assert proposed.data.claimant is None
        assert proposed.data.new_claimant.name == "Denis Pushilin"
        assert proposed.data.stated_at == PUBLISHED
        assert proposed.data.side == russia


class TestProposedVerificationForm:
    def test_a_rejected_verification_is_valid_whatever_it_holds(self):
        form = ProposedVerificationForm({"decision": REJECT})
        assert form.is_valid()
        assert not form.accepted

    def test_unreviewed_is_not_a_verdict_one_can_propose(self):
        form = ProposedVerificationForm(
            {
                "decision": "accept",
                "claim": "0",
                "status": Status.UNREVIEWED,
                "decided_at": "2023-01-14",
                "rationale": "The agency saw the flag.",
            }
        )
        assert list(form.errors) == ["status"]

    def test_an_accepted_verification_is_dated_on_its_day(self, independent_actor):
        form = ProposedVerificationForm(
            {
                "decision": "accept",
                "claim": "0",
                "status": Status.DISPUTED,
                "verifier": independent_actor.slug,
                "decided_at": "2023-01-12",
                "rationale": "The agency's reporter saw Ukrainian troops.",
            }
        )
        assert form.accepted, form.errors
        proposed = form.proposed(published_at=PUBLISHED)
        assert proposed.decided_at == datetime(2023, 1, 12, 12, tzinfo=UTC)
        assert (proposed.verifier, proposed.evidence_kind) == (independent_actor, "")
