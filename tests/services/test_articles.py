"""Recording what an editor accepted from an article (claims.services.articles), all or nothing:
the article is the one source every claim cites with its sentence, an answer is created after
the claim it answers, and every claim and verdict goes through the same rules as by hand."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.choices import Status, Verb
from claims.models import Claim, Source, Verification
from tests.factories import BASE_TIME, claim_input

pytestmark = pytest.mark.django_db


def test_an_article_proposal_that_is_a_likely_duplicate_is_refused_unless_accepted(
    capture, place, russian_actor, editor
):
    article = services.ArticleInput(title="Briefing", published_at=BASE_TIME)

    def proposal(**flags):
        data = claim_input(place, russian_actor, stated_at=BASE_TIME + timedelta(hours=3))
        return services.ProposedClaim(index=0, data=data, **flags)

    with pytest.raises(ValidationError) as refused:
        services.article_claims_record(article=article, claims=[proposal()], user=editor)
    assert list(refused.value.message_dict) == ["claim-0"]
    assert Claim.objects.count() == 1
    services.article_claims_record(
        article=article, claims=[proposal(allow_duplicate=True)], user=editor
    )
    assert Claim.objects.count() == 2


def test_the_article_is_cited_by_each_claim_and_an_answer_follows_what_it_answers(
    place, russian_actor, ukrainian_actor, editor
):
    article = services.ArticleInput(
        title="Briefing", published_at=BASE_TIME, url="https://example.org/briefing"
    )
    taken = claim_input(place, russian_actor, quote="Russian forces took the town.")
    held = claim_input(
        place,
        ukrainian_actor,
        verb=Verb.HOLDS,
        stated_at=BASE_TIME + timedelta(hours=2),
        quote="Ukraine says it still holds the town.",
    )
    recorded = services.article_claims_record(
        article=article,
        # The answer comes first: the service creates the claim it answers before it.
        claims=[
            services.ProposedClaim(index=1, data=held, answers=0),
            services.ProposedClaim(index=0, data=taken),
        ],
        user=editor,
    )
    answer, answered = recorded.claims
    assert answer.answers == answered
    assert recorded.source.url == "https://example.org/briefing"
    assert Source.objects.count() == 1
    excerpts = {c.citations.get(source=recorded.source).excerpt for c in recorded.claims}
    assert excerpts == {"Russian forces took the town.", "Ukraine says it still holds the town."}


def test_a_verdict_on_a_proposal_not_accepted_refuses_the_whole_article(
    place, russian_actor, editor
):
    article = services.ArticleInput(title="Briefing", published_at=BASE_TIME)
    verdict = services.ProposedVerification(
        claim=1, status=Status.DISPUTED, rationale="Not seen.", decided_at=BASE_TIME
    )
    with pytest.raises(ValidationError) as refused:
        services.article_claims_record(
            article=article,
            claims=[services.ProposedClaim(index=0, data=claim_input(place, russian_actor))],
            verifications=[verdict],
            user=editor,
        )
    assert list(refused.value.message_dict) == ["verification-0"]
    assert not Claim.objects.exists()
    assert not Source.objects.exists()
    assert not Verification.objects.exists()


def test_a_proposal_answering_itself_is_told_so(place, russian_actor, editor):
    # It was told "Two proposals answer each other."
    article = services.ArticleInput(title="Briefing", published_at=BASE_TIME)
    itself = services.ProposedClaim(index=0, data=claim_input(place, russian_actor), answers=0)
    with pytest.raises(ValidationError) as refused:
        services.article_claims_record(article=article, claims=[itself], user=editor)
    assert refused.value.message_dict == {"claim-0": ["A proposal cannot answer itself."]}
