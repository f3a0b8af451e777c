"""The template filters and tags: escaped where they build HTML, forgiving of missing values."""

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from claims.choices import Status, Verb
from claims.pictures import VerifierView
from claims.templatetags import claims_tags
from tests.factories import ActorFactory, ClaimFactory, PlaceFactory, SideFactory

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


# --- The picture box's and the disputes' pieces ----------------------------------------------


# In the site's own English ("en-gb"): links are reversed, and a language outside the site's
# would give them a prefix that claims' cached path would keep for the tests after.
@pytest.fixture
def taken(db):
    russia = SideFactory(name="Russia", slug="russia")
    ministry = ActorFactory(name="Ministry <of> Defence", side=russia, kind="ministry")
    spokesman = ActorFactory(name="Spokesman", side=russia, kind="spokesperson", parent=ministry)
    place = PlaceFactory(name="Avdiivka")
    return ClaimFactory(place=place, claimant=spokesman, stated_at=MOMENT)


@pytest.mark.django_db
def test_a_position_claim_links_its_claimant_and_says_what_and_when(taken):
    with translation.override("en-gb"):
        html = claims_tags.position_claim({}, taken)
        embedded = claims_tags.position_claim({"embed": True}, taken)
    url = taken.get_absolute_url()
    assert html == (
        f'<a href="{url}">Spokesman</a> <span class="meta">(claims capture, '
        '<time datetime="2023-01-13T09:00:00+00:00">13 Jan 2023</time>)</span>'
    )
    assert embedded.startswith(f'<a href="{url}" target="_blank" rel="noopener">Spokesman</a>')


@pytest.mark.django_db
def test_a_third_party_statement_names_its_claimants_kind_and_parent_escaped(taken):
    assessment = SimpleNamespace(claim=taken, status=Status.DISPUTED)
    with translation.override("en-gb"):
        html = claims_tags.assessment_item({}, assessment)
    assert html == (
        f'<a href="{taken.get_absolute_url()}">Spokesman</a> <span class="meta">(spokesperson, '
        "Ministry &lt;of&gt; Defence: ministry)</span> claims capture (<time "
        'datetime="2023-01-13T09:00:00+00:00">13 Jan 2023</time>) '
        '<span class="badge status-disputed">Disputed</span>'
    )


@pytest.mark.django_db
def test_a_verdict_names_its_verifier_or_the_newsroom_or_the_admission(taken):
    verifier = ActorFactory(name="Imagery <provider>", side=None, kind="imagery_provider")
    by_actor = VerifierView(verifier, Status.CONFIRMED, MOMENT, None, "verdict")
    by_newsroom = VerifierView(None, Status.FALSE, MOMENT, None, "verdict")
    admission = VerifierView(None, Status.CONFIRMED, MOMENT, taken, "admission")
    day = '<time datetime="2023-01-13T09:00:00+00:00">13 Jan 2023</time>'
    with translation.override("en-gb"):
        assert claims_tags.verdict_item({"embed": True}, by_actor) == (
            '<span class="badge status-confirmed">Confirmed</span> by '
            f'<a href="{verifier.get_absolute_url()}" target="_blank" rel="noopener">'
            f"Imagery &lt;provider&gt;</a> on {day}"
        )
        assert claims_tags.verdict_item({}, by_newsroom) == (
            f'<span class="badge status-false">False</span> by the newsroom on {day}'
        )
        assert claims_tags.verdict_item({}, admission) == (
            f'Admitted by the other side: <a href="{taken.get_absolute_url()}">the newsroom</a> '
            f"claims capture ({day})"
        )


@pytest.mark.django_db
def test_an_earlier_dispute_names_each_sides_first_claim_and_what_ended_it(taken):
    ukraine = SideFactory(name="Ukraine", slug="ukraine")
    dispute = SimpleNamespace(
        start=MOMENT,
        end=MOMENT,
        sides=[(taken.claimant.side, [taken]), (ukraine, [])],
        ended_by=taken,
    )
    link = f'<a href="{taken.get_absolute_url()}">Spokesman claims capture</a>'
    day = '<time datetime="2023-01-13T09:00:00+00:00">13 Jan 2023</time>'
    item = f"{day} – {day}:\n        Russia ({link}) against Ukraine; ended when {link}."
    with translation.override("en-gb"):
        html = claims_tags.dispute_lines([dispute, dispute])
    assert html == f"\n      <li>{item}</li>\n      " * 2


@pytest.mark.django_db
def test_earlier_disputes_escape_every_name_and_follow_an_override_between_calls(taken):
    # The tag reads the language once per call: a call under another override must not keep
    # the first call's language, its claims' path or its names.
    crafted = SideFactory(name="<script>alert(1)</script> & Co", slug="crafted")
    taken.claimant.name = "Spokes<man> & <script>"
    taken.claimant.save()
    dispute = SimpleNamespace(
        start=MOMENT, end=MOMENT, sides=[(crafted, [taken]), (None, [])], ended_by=None
    )
    with translation.override("en-gb"):
        english = claims_tags.dispute_lines([dispute])
    with translation.override("uk"):
        ukrainian = claims_tags.dispute_lines([dispute])
    for html in (english, ukrainian):
        assert "<script>" not in html and "<man>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
        assert "Spokes&lt;man&gt; &amp; &lt;script&gt;" in html
    assert f'href="/claims/{taken.pk}/"' in english and "against" in english
    assert f'href="/uk/claims/{taken.pk}/"' in ukrainian and "against" not in ukrainian
    assert ">13 січня 2023</time>" in ukrainian


def test_day_follows_the_language_time_zone_and_the_moments_own_zone():
    # Days are made once per language and zone: none of them may leak into another's.
    kyiv = ZoneInfo("Europe/Kyiv")
    late = datetime(2023, 1, 13, 23, 30, tzinfo=UTC)
    with translation.override("en"):
        assert claims_tags.day(late) == (
            '<time datetime="2023-01-13T23:30:00+00:00">13 Jan 2023</time>'
        )
        with timezone.override(kyiv):
            assert ">14 Jan 2023</time>" in claims_tags.day(late)
        # The same instant written in another zone keeps its own offset.
        assert 'datetime="2023-01-14T01:30:00+02:00"' in claims_tags.day(late.astimezone(kyiv))
    with translation.override("uk"):
        assert ">13 січня 2023</time>" in claims_tags.day(late)


def test_status_badges_follow_the_language():
    with translation.override("en"):
        english = claims_tags.status_badge(Status.CONFIRMED)
    with translation.override("uk"):
        ukrainian = claims_tags.status_badge(Status.CONFIRMED)
    assert english == '<span class="badge status-confirmed">Confirmed</span>'
    assert ukrainian != english and 'class="badge status-confirmed"' in ukrainian
    assert claims_tags.status_badge(None) == claims_tags.status_badge(Status.UNREVIEWED)


def test_timeline_coordinates_are_svg_numbers_in_every_language():
    timeline = SimpleNamespace(
        plot_left=117,
        plot_right=737,
        axis_y=48,
        rows=[SimpleNamespace(y=30.0, label="Треті сторони <b>")],
        ticks=[SimpleNamespace(x=193.4, anchor="middle", label="3 кві")],
    )
    with translation.override("uk"):
        html = claims_tags.timeline_axes(timeline)
    assert 'y="30.0"' in html and 'x="193.4"' in html and 'y="66"' in html
    assert "," not in html
    assert "Треті сторони &lt;b&gt;" in html


def test_side_dots_and_badges_escape_and_fall_back_to_independent():
    side = SimpleNamespace(colour='"><script>', pk=1, name="Russia")
    assert 'fill="&quot;&gt;&lt;script&gt;"' in claims_tags.side_dot(side)
    assert 'fill="#6b6b6b"' in claims_tags.side_dot(None)
    with translation.override("en"):
        assert claims_tags.side_badge(None).endswith("Independent</span>\n")


@pytest.mark.django_db
def test_a_position_shows_disagreeing_verifiers_folded_verdicts_and_ambiguous_statements(taken):
    hedged = ClaimFactory(
        place=taken.place, claimant=taken.claimant, stated_at=MOMENT, ambiguous=True
    )
    verdict = VerifierView(None, Status.FALSE, MOMENT, None, "verdict")
    position = SimpleNamespace(
        side=taken.claimant.side,
        control_text="holds it",
        since=MOMENT,
        contradicted_within_side=False,
        status=Status.DISPUTED,
        lead=taken,
        latest=taken,
        claim_count=1,
        verifiers=[verdict, verdict, verdict],
        verifiers_disagree=True,
        context=[hedged],
    )
    with translation.override("en-gb"):
        html = claims_tags.picture_position({"embed": True}, position, None)
    assert "<strong>Holds it</strong>" in html
    assert html.count("<li>") == 4  # one verdict shown, two folded, one later statement
    assert "<summary>2 more verdicts</summary>" in html
    assert '<span class="badge conflict">Verifiers disagree</span>' in html
    assert "1 later statement claiming no control" in html
    assert '<span class="meta">ambiguous wording</span>' in html
    assert 'target="_blank" rel="noopener">Spokesman claims capture</a>' in html


def test_third_parties_say_so_when_there_are_none_by_the_day_asked():
    picture = SimpleNamespace(independent=[], as_of=MOMENT.date())
    with translation.override("en"):
        assert claims_tags.third_parties({}, picture) == (
            "\n      <p>No third-party statement by then.</p>\n      "
        )


def _frame_template(text):
    from django.template import engines

    return engines["django"].from_string(text)


@pytest.mark.django_db
def test_a_frame_never_shows_a_logged_in_readers_menu_to_anonymous_readers():
    from django.contrib.auth.models import AnonymousUser, User

    editor = User(username="editor-name")
    menu = _frame_template(
        "{% frame %}{% if user.is_authenticated %}{{ user.username }}{% else %}log in"
        "{% endif %}{% endframe %}"
    )
    assert menu.render({"user": editor}) == "editor-name"
    assert menu.render({"user": AnonymousUser()}) == "log in"
    assert menu.render({"user": editor}) == "editor-name"
    assert menu.render({"user": AnonymousUser()}) == "log in"


def test_a_frame_is_kept_per_language_and_per_value_named():
    words = _frame_template(
        '{% frame section for_everyone %}{{ section }} {% translate "Places" %}{% endframe %}'
    )
    with translation.override("en"):
        assert words.render({"section": "places"}) == "places Places"
        assert words.render({"section": "claims"}) == "claims Places"
    with translation.override("uk"):
        assert words.render({"section": "places"}) == "places Населені пункти"


def test_a_frame_is_remade_after_the_settings_change(settings):
    site = _frame_template("{% frame for_everyone %}{{ SITE_NAME }}{% endframe %}")
    assert site.render({"SITE_NAME": "One"}) == "One"
    settings.SITE_NAME = "Two"
    assert site.render({"SITE_NAME": "Two"}) == "Two"


def test_capture_renders_once_and_shows_it_as_often_as_asked():
    shown = _frame_template(
        "{% capture as menu %}<b>{{ name }}</b>{% endcapture %}{{ menu }}|{{ menu }}"
    )
    assert shown.render({"name": "<i>"}) == "<b>&lt;i&gt;</b>|<b>&lt;i&gt;</b>"
