"""The desk's article extraction: paste, review, accept some, reject others."""

import pytest

from claims import services
from claims.choices import Status, Verb
from claims.models import Actor, Claim, Source, Verification
from tests.extraction.articles import ARTICLE
from tests.views.desk_posts import review_data

pytestmark = pytest.mark.django_db

URL = "/claims/extract/"
ARTICLE_FIELDS = {
    "text": ARTICLE,
    "url": "https://example.org/soledar-claims",
    "title": "Russia claims Soledar, Ukraine denies it",
    "publisher": "reuters",
    "published": "2023-01-20",
}


def test_readers_cannot_open_the_extraction_desk(client, reader):
    client.force_login(reader)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_review_page_highlights_the_sentence_and_says_why_and_writes_nothing(
    client, editor, aliases
):
    client.force_login(editor)
    counts = (Claim.objects.count(), Source.objects.count())
    response = client.post(URL, {**ARTICLE_FIELDS, "action": "propose"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="m-place" title="place">Soledar</mark>' in html
    assert '<mark class="m-verb" title="verb">completed the capture</mark>' in html
    assert "“completed the capture” reads as captured" in html
    assert "Verification 1 of proposal 1" in html
    assert (Claim.objects.count(), Source.objects.count()) == counts


def test_accepting_records_claims_with_citation_answer_history_and_verifications(
    client, editor, aliases
):
    client.force_login(editor)
    review = client.post(URL, {**ARTICLE_FIELDS, "action": "propose"})
    data = review_data(review)
    data["action"] = "record"
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get(url=ARTICLE_FIELDS["url"])
    assert response["Location"] == source.get_absolute_url()
    assert source.publisher.slug == "reuters"
    capture = Claim.objects.get(citations__source=source, verb=Verb.CAPTURED)
    denial = Claim.objects.get(citations__source=source, verb=Verb.DENIED)
    assert capture.claimant.slug == "russian-mod"
    assert capture.stated_at.date().isoformat() == "2023-01-20"
    assert capture.effective_at.date().isoformat() == "2023-01-19"
    assert capture.quote.startswith("On Friday Russia's Defence Ministry")
    assert denial.answers == capture
    assert denial.side == capture.side
    assert capture.history.first().history_user == editor
    assert capture.citations.get().excerpt == capture.quote
    checks = Verification.objects.filter(claim__in=[capture, denial], status=Status.UNCONFIRMED)
    assert {(v.claim_id, v.verifier.slug, v.recorded_by) for v in checks} == {
        (capture.pk, "reuters", editor),
        (denial.pk, "reuters", editor),
    }
    assert all(v.decided_at.date().isoformat() == "2023-01-20" for v in checks)
    capture.refresh_from_db()
    assert capture.status == Status.UNCONFIRMED


def test_rejected_proposals_are_not_recorded(client, editor, aliases):
    client.force_login(editor)
    data = review_data(client.post(URL, {**ARTICLE_FIELDS, "action": "propose"}))
    data.update({"action": "record", "c1-decision": "reject", "v1-decision": "reject"})
    assert client.post(URL, data).status_code == 302
    source = Source.objects.get(url=ARTICLE_FIELDS["url"])
    assert list(Claim.objects.filter(citations__source=source).values_list("verb", flat=True)) == [
        Verb.CAPTURED
    ]


def test_answering_a_rejected_proposal_is_refused_and_nothing_is_written(client, editor, aliases):
    client.force_login(editor)
    data = review_data(client.post(URL, {**ARTICLE_FIELDS, "action": "propose"}))
    data.update({"action": "record", "c0-decision": "reject", "v0-decision": "reject"})
    count = Claim.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "which is not accepted" in response.content.decode()
    assert Claim.objects.count() == count
    assert not Source.objects.filter(url=ARTICLE_FIELDS["url"]).exists()


def test_a_likely_duplicate_is_shown_and_nothing_is_written_until_confirmed(
    client, editor, aliases
):
    client.force_login(editor)
    data = review_data(client.post(URL, {**ARTICLE_FIELDS, "action": "propose"}))
    data["action"] = "record"
    assert client.post(URL, data).status_code == 302
    count = Claim.objects.count()
    again = client.post(URL, {**data, "url": "https://example.org/copy"})
    assert again.status_code == 409
    assert "Possible duplicates" in again.content.decode()
    assert Claim.objects.count() == count
    confirmed = {**data, "url": "https://example.org/copy"}
    confirmed.update({"c0-not_a_duplicate": "on", "c1-not_a_duplicate": "on"})
    assert client.post(URL, confirmed).status_code == 302
    assert Claim.objects.count() == count + 2


def test_unreadable_text_is_refused_on_the_form(client, editor, demo_data):
    client.force_login(editor)
    response = client.post(URL, {**ARTICLE_FIELDS, "text": "<p>\u200f</p>", "action": "propose"})
    assert response.status_code == 400
    assert "There is no text to read" in response.content.decode()


def test_a_source_page_links_to_the_desk_with_the_source_filled_in(client, editor, demo_data):
    client.force_login(editor)
    source = services.source_create(
        title="Soledar report",
        kind="article",
        url="https://example.org/soledar-report",
        publisher=Actor.objects.get(slug="reuters"),
    )
    page = client.get(source.get_absolute_url()).content.decode()
    assert f"{URL}?source={source.pk}" in page
    form = client.get(f"{URL}?source={source.pk}").content.decode()
    assert source.url in form
    assert 'value="reuters"' in form


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_publication_date_out_of_range_is_a_form_error_not_a_500(client, editor, aliases, day):
    client.force_login(editor)
    response = client.post(URL, {**ARTICLE_FIELDS, "published": day, "action": "propose"})
    assert response.status_code == 400
    assert "Give a date between 1900 and 2199." in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "1800-01-01"])
def test_a_claim_stated_out_of_range_is_refused_and_nothing_is_written(
    client, editor, aliases, day
):
    client.force_login(editor)
    data = review_data(client.post(URL, {**ARTICLE_FIELDS, "action": "propose"}))
    data.update({"action": "record", "c0-stated_at": day, "c1-decision": "reject"})
    data["v1-decision"] = "reject"
    count = Claim.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Give a date between 1900 and 2199." in response.content.decode()
    assert Claim.objects.count() == count


def test_a_nul_in_pasted_text_is_removed_and_reported_like_other_controls(client, editor, aliases):
    client.force_login(editor)
    text = ARTICLE_FIELDS["text"].replace("Soledar", "Sole\x00dar", 1)
    response = client.post(URL, {**ARTICLE_FIELDS, "text": text, "action": "propose"})
    assert response.status_code == 200
    assert "Removed 1 control character." in response.content.decode()
    assert "\x00" not in response.content.decode()


@pytest.mark.parametrize("invisible", ["\u00a0\u2003\u200b", "\u200b\u200d\n\u2060"])
def test_text_of_invisible_spaces_only_is_refused(client, editor, demo_data, invisible):
    client.force_login(editor)
    response = client.post(URL, {**ARTICLE_FIELDS, "text": invisible, "action": "propose"})
    assert response.status_code == 400
    assert "There is no text to read" in response.content.decode()
