"""Presentation helpers for ClaimTracker's templates."""

import functools
import html
import json

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import capfirst
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from claims.choices import VERBS, Status, Verb
from claims.formatting import format_moment, short_date
from claims.languages import local_name as _local_name
from claims.models.claims import _claim_path
from claims.selectors.pages import COLUMN_LATEST
from claims.timeline import KIND_LABELS, SHAPES

register = template.Library()
# Looked up hundreds of times a page: a dict, not the enum's constructor.
STATUS_LABELS = dict(Status.choices)


@register.filter
def local_name(record):
    """A place's, actor's or side's name in the reader's language, English if none is on file."""
    return _local_name(record)


@register.filter
def moment(value, precision="exact"):
    """A ``<time>`` element reading as precisely as the moment is known."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(timespec="seconds"),
        format_moment(value, precision),
    )


@register.filter
def day(value):
    """A ``<time>`` element with the date only: 13 Jan 2023."""
    if value is None:
        return ""
    return _day(value, value.tzinfo, get_language(), timezone.get_current_timezone_name())


# A place page shows ~40 days, most of them several times, and formatting one (a translated
# format, the month's name) cost ~35 µs: each is made once per language and time zone, which
# are all it depends on besides the moment (and its own zone, which its ``datetime`` keeps but
# equal moments in other zones do not share).
@functools.lru_cache(maxsize=4096)
def _day(value, own_zone, language, zone):
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(timespec="seconds"), short_date(value)
    )


@register.simple_tag
def status_badge(status):
    # A tag, not an included template: a place page shows dozens.
    return _status_badge(status or Status.UNREVIEWED, get_language())


# Made once per status and language: a place page shows a few dozen badges of a few statuses,
# and each label is a lazy translation.
@functools.lru_cache(maxsize=256)
def _status_badge(status, language):
    return format_html('<span class="badge status-{}">{}</span>', status, STATUS_LABELS[status])


# Side dots and badges were includes, each resolving its template and pushing a context; a
# place page draws a dozen, and a side's dot is the same markup every time.
@register.simple_tag
def side_dot(side):
    """A side's coloured dot (grey without a side), with the newline its include ended with."""
    return _side_dot(side.colour if side else "#6b6b6b")


@functools.lru_cache(maxsize=64)
def _side_dot(colour):
    return format_html(
        '<svg class="dot" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"'
        ' focusable="false"><circle cx="5" cy="5" r="5" fill="{}"/></svg>\n',
        colour,
    )


@register.simple_tag
def side_badge(side):
    """A side's dot and name in the reader's language, or "Independent" without a side, with the
    newline its include ended with."""
    return _side_badge(side, get_language())


def _side_badge(side, language) -> str:
    name = _escaped(_local_name(side, language)) if side else _escaped(_("Independent"))
    return mark_safe(f'<span class="side-badge">{side_dot(side)}{name}</span>\n')


@register.simple_tag
def timeline_axes(timeline):
    """A place's timeline rows, each with its label and line, the time axis and its day labels.

    Coordinates are written as Python writes numbers: the template localised them, so in
    Ukrainian a row sat at y="30,0", which SVG cannot read (the marks, drawn here, never were).
    """
    left, right, axis_y = timeline.plot_left, timeline.plot_right, timeline.axis_y
    parts = ["    "]
    for row in timeline.rows:
        label = html.escape(str(row.label))
        parts.append(
            f'\n      <text x="4" y="{row.y}" dominant-baseline="middle">{label}</text>'
            f'\n      <line class="axis" x1="{left}" x2="{right}" y1="{row.y}" y2="{row.y}"/>\n    '
        )
    parts.append(
        f'\n    <line class="axis" x1="{left}" x2="{right}" y1="{axis_y}" y2="{axis_y}"/>\n    '
    )
    for tick in timeline.ticks:
        parts.append(
            f'\n      <text x="{tick.x}" y="{axis_y + 18}" text-anchor="{tick.anchor}">'
            f"{html.escape(tick.label)}</text>\n    "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def timeline_marks(marks):
    """Each claim's mark on a place's timeline, linking to its entry in the columns.

    Written here rather than in the template: a place page draws up to 200 marks, and resolving
    their variables was most of the template engine's time on an uncached page. Only the label
    is text; coordinates are numbers the layout made.
    """
    drawn, said_of = [], {}  # each status's label translated once, not once a mark
    for mark in marks:
        x, y, entry, kind = mark
        status = entry.status
        shape = SHAPES[kind]
        if shape == "circle":
            shape = f'<circle class="mark status-{status}" cx="{x}" cy="{y}" r="7"/>'
        elif shape == "square":
            x, y = mark.corner
            shape = f'<rect class="mark status-{status}" x="{x}" y="{y}" width="12" height="12"/>'
        else:
            shape = f'<polygon class="mark status-{status}" points="{mark.points}"/>'
        said = said_of.get(status)
        if said is None:
            said = said_of[status] = html.escape(str(STATUS_LABELS[status]))
        label = entry.card.label  # escaped when the card was made (claims.cards)
        drawn.append(
            f'<a href="#claim-{entry.claim.pk}" aria-label="{label}: {said}">'
            f"<title>{label} — {said}</title>{shape}</a>"
        )
    return mark_safe("\n".join(drawn))


_KEY_SHAPES = {
    "circle": '<circle class="mark" cx="8" cy="8" r="6"/>',
    "square": '<rect class="mark" x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon class="mark" points="1,2 15,2 8,15"/>',
}
_KEY_DIAMOND = '<polygon class="mark" points="8,1 15,8 8,15 1,8"/>'


@register.simple_tag
def timeline_legend(kinds):
    """The timeline's key to the shapes of the kinds of claim it draws: made once per set of
    kinds and language, as it depends on nothing else."""
    return _timeline_legend(tuple((kind, shape) for kind, shape, label in kinds), get_language())


@functools.lru_cache(maxsize=64)
def _timeline_legend(kinds, language):
    labels = {kind: label for kind, shape, label in KIND_LABELS}
    return mark_safe(
        "".join(
            '<li><svg class="key" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"'
            f' focusable="false">{_KEY_SHAPES.get(shape, _KEY_DIAMOND)}</svg>'
            f"{_escaped(labels[kind])}</li>"
            for kind, shape in kinds
        )
    )


@register.simple_tag
def cards(entries, part):
    """The ``part`` ("line" or "row") of each entry's rendered card (claims.cards), joined: one
    tag, not a loop resolving a variable per claim, for up to 200 claims twice a page."""
    return mark_safe("\n".join(getattr(entry.card, part) for entry in entries))


@register.simple_tag
def claim_column(column, number, page, unfold_url):
    """A place page's column of one side's claims (selectors.Column): the latest two, the rest
    folded, or on a folded page (selectors.INLINE_CLAIMS) a link to them (:func:`fold_body`).
    A tag rather than a dozen nodes a column; the whitespace is the template's."""
    entries = column.entries
    latest = (
        cards(entries[:COLUMN_LATEST], "line")
        if entries
        else "<li>" + _escaped(_("None.")) + "</li>"
    )
    earlier = ""
    if len(entries) > COLUMN_LATEST:
        counter = len(entries) - COLUMN_LATEST
        summary = ngettext("%(counter)s earlier claim", "%(counter)s earlier claims", counter) % {
            "counter": counter
        }
        fold = f"column-{number}-earlier"
        if page.folded:
            body = fold_body(fold, unfold_url, _("Show the earlier claims"))
            attributes = fold_attributes(fold, unfold_url)
        else:
            body = (
                f'<ul class="claim-lines" id="{fold}">{cards(entries[COLUMN_LATEST:], "line")}</ul>'
            )
            attributes = " open" if page.unfolded else ""
        earlier = (
            f"\n      <details{attributes}>\n        <summary>{summary}</summary>\n"
            f"        {body}\n      </details>\n      "
        )
    return mark_safe(
        f'<section aria-labelledby="column-{number}">\n'
        f'      <h3 id="column-{number}">{side_dot(column.side)}{_escaped(column.title)}</h3>\n'
        f'      <ul class="claim-lines">\n      {latest}\n      </ul>\n      {earlier}\n'
        "    </section>"
    )


@register.simple_tag
def fold_attributes(fold, unfold_url):
    """A folded ``<details>``'s attributes that have htmx fetch its part (the element with id
    ``fold``) from the page unfolded when a reader first opens it."""
    return format_html(
        ' data-hx-get="{}" data-hx-trigger="toggle once" data-hx-select="#{}"'
        ' data-hx-target="#{}" data-hx-swap="outerHTML"',
        unfold_url,
        fold,
        fold,
    )


@register.simple_tag
def fold_body(fold, unfold_url, label):
    """What a folded part holds until it is fetched: a link to it on the page unfolded, which
    is all a reader without JavaScript needs."""
    return format_html('<p id="{}"><a href="{}#{}">{}</a></p>', fold, unfold_url, fold, label)


@register.filter
def kind(record):
    """``record.get_kind_display()``, translating only the label shown: Django's translates
    every choice of the field on each call, and a place page shows a dozen kinds."""
    return str(_kind_labels(type(record)).get(record.kind, record.kind))


@functools.cache
def _kind_labels(model) -> dict:
    return dict(model._meta.get_field("kind").flatchoices)


@register.filter
def status_label(value):
    return STATUS_LABELS.get(value, value)


@register.filter
def verb_label(value):
    """A verb as words ("partially holds"), not its stored code."""
    return Verb(value).label if value in VERBS else value


@register.filter
def ld_json(data):
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are escaped so that no text inside can close the element.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


# The picture box and the disputes name a few dozen claims on every uncached place page; each
# of these pieces was a loop or an include resolving a dozen variables through the template
# engine (cProfile, docs/benchmarks.md). Written here, their HTML is the same.


def _link_attributes(context) -> str:
    """What a link in an embedded card adds, to open the full page outside the frame."""
    return ' target="_blank" rel="noopener"' if context.get("embed") else ""


def _escaped(value) -> str:
    """``conditional_escape`` without its check for lazy text on every call: HTML as it is,
    anything else escaped. The pieces below are built with it and f-strings rather than
    ``format_html``, whose own checks were most of their cost; the HTML is the same."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class _Reading:
    """What the pieces below read of the request's state, read once per tag: the language, the
    time zone and the claims' path. Each read is a lookup in asgiref's locked context-local
    storage (~1 µs), and a place page's tags made some three hundred of them, three or four for
    each claim they named. Nothing inside one tag call changes the language, so reading it at
    the start gives what each read would have; a ``translation.override`` around a render (or
    inside one, around another tag) is seen by the next tag call."""

    __slots__ = ("claims", "language", "zone")

    def __init__(self):
        self.language = get_language()
        self.zone = timezone.get_current_timezone_name()
        # Claim.get_absolute_url, without reading the language and the prefix again per claim.
        self.claims = _escaped(_claim_path(get_script_prefix(), self.language))

    def url(self, claim) -> str:
        """The claim's address, escaped (a number under an escaped path)."""
        return f"{self.claims}{claim.pk}/"

    def name(self, record) -> str:
        return _escaped(_local_name(record, self.language))

    def phrase(self, claim) -> str:
        return _escaped(claim.phrase_in(self.language))

    def day(self, value) -> str:
        if value is None:
            return ""
        return _day(value, value.tzinfo, self.language, self.zone)

    def badge(self, status) -> str:
        return _status_badge(status or Status.UNREVIEWED, self.language)


def _actor_kind(actor, reading) -> str:
    """As includes/actor_kind.html: "think tank", or "spokesperson, Ministry 3: ministry"."""
    if actor.parent:
        return (
            f"{_escaped(kind(actor).lower())}, {reading.name(actor.parent)}: "
            f"{_escaped(kind(actor.parent).lower())}"
        )
    return _escaped(kind(actor).lower())


@register.simple_tag(takes_context=True)
def position_claim(context, claim, reading=None):
    """A claim a side's position stands on: its claimant, linked, then what and when."""
    reading = reading or _Reading()
    return mark_safe(
        f'<a href="{reading.url(claim)}"{_link_attributes(context)}>'
        f"{reading.name(claim.claimant)}</a> "
        f'<span class="meta">({reading.phrase(claim)}, {reading.day(claim.stated_at)})</span>'
    )


@register.simple_tag(takes_context=True)
def verdict_item(context, verdict, reading=None):
    """One verdict on a position (pictures.VerifierView): a verifier's, or the other side's
    admission."""
    reading = reading or _Reading()
    attributes = _link_attributes(context)
    # Translated outside the f-strings: makemessages does not read inside them.
    if verdict.is_admission:
        claim = verdict.claim
        admitted = _escaped(_("Admitted by the other side:"))
        return mark_safe(
            f"{admitted} "
            f'<a href="{reading.url(claim)}"{attributes}>'
            f"{_escaped(verdict.who)}</a> {reading.phrase(claim)} "
            f"({reading.day(verdict.decided_at)})"
        )
    who = _escaped(verdict.who)
    if verdict.actor:
        who = f'<a href="{_escaped(verdict.actor.get_absolute_url())}"{attributes}>{who}</a>'
    by = _escaped(pgettext("a verdict by a verifier", "by"))
    on = _escaped(pgettext("a verdict on a day", "on"))
    return mark_safe(
        f"{reading.badge(verdict.status)} {by} {who} {on} {reading.day(verdict.decided_at)}"
    )


@register.simple_tag(takes_context=True)
def assessment_item(context, assessment, reading=None):
    """A third party's statement (pictures.AssessmentView) with its claimant's kind."""
    reading = reading or _Reading()
    claim = assessment.claim
    return mark_safe(
        f'<a href="{reading.url(claim)}"{_link_attributes(context)}>'
        f"{reading.name(claim.claimant)}</a> "
        f'<span class="meta">({_actor_kind(claim.claimant, reading)})</span> '
        f"{reading.phrase(claim)} ({reading.day(claim.stated_at)}) "
        f"{reading.badge(assessment.status)}"
    )


def _by_then(as_of) -> str:
    return " " + _escaped(_("by then")) if as_of else ""


@register.simple_tag(takes_context=True)
def picture_position(context, position, as_of):
    """One side's standing position in the picture box (pictures.PositionView): its badge,
    words and status, the claims it stands on, the verdicts on it and its later statements.

    Each position was some forty template nodes resolving a variable or translating a word,
    most of the picture box's time on an uncached place page. The whitespace is the template's:
    the page's HTML is unchanged.
    """
    reading = _Reading()
    # Translated outside the f-strings: makemessages does not read inside them.
    since = contradicted = ""
    if position.since:
        since = _("since %(day)s") % {"day": reading.day(position.since)}
        since = f' <span class="meta">{since}</span>'
    if position.contradicted_within_side:
        contradicted = _escaped(_("its own claimants contradict each other"))
        contradicted = f'<span class="badge conflict">{contradicted}</span>'
    parts = [
        f'<div class="stand">\n      <dt>{_side_badge(position.side, reading.language)}</dt>\n'
        f'      <dd class="position">\n        <p><strong>'
        f"{_escaped(capfirst(position.control_text))}</strong>{since}\n"
        f"          {contradicted}\n          {reading.badge(position.status)}</p>\n        "
    ]
    first = position.lead
    if first:
        if position.contradicted_within_side:
            intro = _escaped(_("Contradicting statements:"))
        else:
            intro = _escaped(_("On the word of"))
        claims = position_claim(context, first, reading)
        last, and_ = position.latest, _("and")
        if last != first:
            if position.claim_count > 2:
                more = _("%(count)s more,") % {"count": position.claim_count - 2}
                claims += f", {more}"
            claims += f" {_escaped(and_)} {position_claim(context, last, reading)}"
        parts.append(f"\n        <p>{intro}\n          {claims}.</p>\n        ")
    parts.append("\n        ")
    verifiers = position.verifiers
    if verifiers:
        parts.append(
            '\n        <ul class="verifiers">\n          '
            f"\n          <li>{verdict_item(context, verifiers[0], reading)}</li>\n          "
            "\n        </ul>\n        "
        )
        if len(verifiers) > 1:
            counter = len(verifiers) - 1
            summary = ngettext("%(counter)s more verdict", "%(counter)s more verdicts", counter) % {
                "counter": counter
            }
            items = "".join(
                f"\n          <li>{verdict_item(context, verdict, reading)}</li>\n          "
                for verdict in verifiers[1:]
            )
            parts.append(
                f"\n        <details>\n          <summary>{summary}</summary>\n"
                f'          <ul class="verifiers">\n          {items}\n          </ul>\n'
                "        </details>\n        "
            )
        parts.append("\n        ")
        if position.verifiers_disagree:
            disagree = _escaped(_("Verifiers disagree"))
            parts.append(f'<p><span class="badge conflict">{disagree}</span></p>')
        parts.append("\n        ")
    else:
        none = _escaped(_("No verdict recorded"))
        parts.append(f'\n        <p class="meta">{none}{_by_then(as_of)}.</p>\n        ')
    parts.append("\n        ")
    if position.context:
        counter = len(position.context)
        summary = ngettext(
            "%(counter)s later statement claiming no control",
            "%(counter)s later statements claiming no control",
            counter,
        ) % {"counter": counter}
        attributes = _link_attributes(context)
        ambiguous = _escaped(_("ambiguous wording"))
        ambiguous = f' <span class="meta">{ambiguous}</span>'
        items = "".join(
            f'<li><a href="{reading.url(claim)}"{attributes}>'
            f"{reading.name(claim.claimant)} {reading.phrase(claim)}</a> "
            f"({reading.day(claim.stated_at)}){ambiguous if claim.ambiguous else ''}</li>"
            for claim in position.context
        )
        parts.append(
            f"\n        <details>\n          <summary>{summary}</summary>\n"
            f"          <ul>{items}</ul>\n        </details>\n        "
        )
    parts.append("\n      </dd>\n      </div>")
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def third_parties(context, picture):
    """The picture box's third-party statements (pictures.AssessmentView), the first two shown
    and the rest folded, or a line saying there are none; the template's whitespace."""
    independent = picture.independent
    if not independent:
        statement = _escaped(_("No third-party statement"))
        return mark_safe(f"\n      <p>{statement}{_by_then(picture.as_of)}.</p>\n      ")

    reading = _Reading()

    def items(assessments):
        return "".join(
            f"\n          <li>{assessment_item(context, assessment, reading)}</li>\n        "
            for assessment in assessments
        )

    parts = [f"\n      <ul>\n        {items(independent[:2])}\n      </ul>\n      "]
    if len(independent) > 2:
        counter = len(independent) - 2
        summary = ngettext(
            "%(counter)s more third-party statement",
            "%(counter)s more third-party statements",
            counter,
        ) % {"counter": counter}
        parts.append(
            f"\n      <details>\n        <summary>{summary}</summary>\n        <ul>\n"
            f"        {items(independent[2:])}\n        </ul>\n      </details>\n      "
        )
    parts.append("\n      ")
    return mark_safe("".join(parts))


@register.simple_tag
def dispute_lines(disputes):
    """A place page's earlier disputes (selectors.DisputeView), each an item: when, each side
    with the claim it began with, and the claim that ended it. Disputes of one place name the
    same few claims and sides over and over: each claim's link, each side's name and each day
    are made once."""
    links, days, sides = {}, {}, {}
    reading = _Reading()
    against, ended = _escaped(_("against")), _escaped(_("; ended when"))

    def link(claim):
        made = links.get(claim.pk)
        if made is None:
            made = links[claim.pk] = (
                f'<a href="{reading.url(claim)}">'
                f"{reading.name(claim.claimant)} {reading.phrase(claim)}</a>"
            )
        return made

    def when(moment):
        made = days.get(moment)
        if made is None:
            made = days[moment] = reading.day(moment)
        return made

    items = []
    for dispute in disputes:
        parts = []
        for number, (side, claims) in enumerate(dispute.sides):
            if number:
                parts.append(f" {against} ")
            key = side.pk if side else None
            name = sides.get(key)
            if name is None:
                name = sides[key] = reading.name(side)
            parts.append(name)
            if claims:
                parts.append(f" ({link(claims[0])})")
        if dispute.ended_by:
            parts.append(f"{ended} {link(dispute.ended_by)}")
        # The whitespace of the loop this replaced: the page's HTML is unchanged.
        items.append(
            f"\n      <li>{when(dispute.start)} – {when(dispute.end)}:\n"
            f"        {''.join(parts)}.</li>\n      "
        )
    return mark_safe("".join(items))


# The page frame (the menu, the footer, the links to static files) is the same for every
# anonymous reader of a language: rendered on every uncached page, its dozen ``{% url %}``,
# ``{% translate %}`` and ``{% static %}`` lookups were a tenth of the place page's template time
# (docs/benchmarks.md). A ``{% frame %}`` block is rendered once per process for each frame in
# the templates, page template, language, script prefix and the values it names, and kept in memory.
_FRAMES: dict = {}
# Keys are a compiled frame and a few words (a section's name): this is never reached, but a
# value a template passed by mistake must not grow the process.
_FRAMES_KEPT = 1024


@receiver(setting_changed)
def _forget_frames(**kwargs):
    """Tests change the site's name, languages and URLs: what was kept may no longer hold."""
    _FRAMES.clear()


class FrameNode(template.Node):
    def __init__(self, nodelist, values, everyone):
        self.nodelist, self.values, self.everyone = nodelist, values, everyone

    def render(self, context):
        if not self.everyone:
            user = context.get("user")
            # A logged-in reader's menu names them and carries their permissions and CSRF
            # token: it is made for them each time, and never kept where a reader could get it.
            if user is not None and user.is_authenticated:
                return self.nodelist.render(context)
        key = (
            self,  # compiled once per template and kept by the template loader's cache
            # The page's own template: a block inside the frame may be one it overrides.
            context.template.name if context.template else None,
            get_language(),
            get_script_prefix(),
            *(value.resolve(context) for value in self.values),
        )
        made = _FRAMES.get(key)
        if made is None:
            made = self.nodelist.render(context)
            if len(_FRAMES) >= _FRAMES_KEPT:
                _FRAMES.clear()
            _FRAMES[key] = made
        return made


@register.tag
def frame(parser, token):
    """``{% frame [value …] [for_everyone] %}…{% endframe %}``: markup that depends only on the
    reader's language, the script prefix and the values named, kept once made (``_FRAMES``).

    Without ``for_everyone`` it is kept only for anonymous readers (what they see of the menu);
    with it, for everyone, so it must not depend on who reads. Nothing a record holds (a name,
    a colour) may be inside: an edit would not reach the kept copy.
    """
    bits = token.split_contents()[1:]
    everyone = bool(bits) and bits[-1] == "for_everyone"
    if everyone:
        bits = bits[:-1]
    nodelist = parser.parse(("endframe",))
    parser.delete_first_token()
    return FrameNode(nodelist, [parser.compile_filter(bit) for bit in bits], everyone)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, show as often as needed (the
    menu, in its wide and its narrow list)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
