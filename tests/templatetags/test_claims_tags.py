"""The template filters and tags: escaped where they build HTML, forgiving of missing values."""

import json
from datetime import UTC, datetime

from django.utils import translation

from claims.choices import Status, Verb
from claims.templatetags import claims_tags

MOMENT = datetime(2023, 1, 13, 9, 0, tzinfo=UTC)


def test_ld_json_cannot_close_its_script_element():
    data = {"claimReviewed": "</script><script>alert(1)</script> & more"}
    text = claims_tags.ld_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data  # the escapes are JSON's own: the data is unchanged


def test_moment_is_a_time_element_with_a_machine_readable_instant():
    with translation.override("en"):
        html = claims_tags.moment(MOMENT, "day")
    assert html == '<time datetime="2023-01-13T09:00:00+00:00">13 Jan 2023</time>'


def test_day_drops_the_time_of_day():
    with translation.override("en"):
        assert ">13 Jan 2023</time>" in claims_tags.day(MOMENT)


def test_missing_moments_render_nothing():
    assert claims_tags.moment(None) == ""
    assert claims_tags.day(None) == ""


def test_a_status_badge_without_a_status_says_unreviewed():
    with translation.override("en"):
        assert claims_tags.status_badge(None) == (
            '<span class="badge status-unreviewed">Unreviewed</span>'
        )
        assert "status-false" in claims_tags.status_badge(Status.FALSE)


def test_labels_pass_unknown_codes_through_instead_of_failing():
    with translation.override("en"):
        assert claims_tags.verb_label(Verb.CAPTURED) == Verb.CAPTURED.label
        assert claims_tags.status_label(Status.DISPUTED) == "Disputed"
    assert claims_tags.verb_label("teleported") == "teleported"
    assert claims_tags.status_label("lost") == "lost"


def test_get_item_reads_a_mapping_and_tolerates_none():
    assert claims_tags.get_item({"a": 1}, "a") == 1
    assert claims_tags.get_item({"a": 1}, "b") is None
    assert claims_tags.get_item(None, "a") is None
