"""What the desk's forms share: how an actor is offered, a page's submitted values, and what a
form showed its editor."""

from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext

from claims.languages import local_name
from claims.models import Actor
from claims.services import Seen


class RemembersShown:
    """A form that also sends back, beside each field, the value it showed (Django's hidden
    initial values), so that a save can tell this editor's changes from another editor's saved
    while the form was open (:class:`claims.services.Seen`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self, "instance", None) is not None and self.instance.pk is None:
            return  # a new record: nothing another editor could have saved meanwhile
        self.bound_field_class = _ShownField
        for field in self.fields.values():
            field.show_hidden_initial = True

    def seen(self) -> Seen | None:
        """None when the values shown did not come back (a form not rendered by this app)."""
        if not all(self.add_initial_prefix(name) in self.data for name in self.fields):
            return None
        changed = {}
        for name in self.changed_data:
            field = self.fields[name]
            key = self.add_initial_prefix(name)
            shown = field.hidden_widget().value_from_datadict(self.data, self.files, key)
            try:
                changed[name] = field.to_python(shown)
            except ValidationError:
                changed[name] = None  # a record shown then has gone: a clash, as it should be
        return Seen(fields=tuple(self.fields), changed=changed)

    def show_now(self) -> None:
        """After a refused save: the form shows the record as it was read for this request,
        with what this editor changed still typed in, and takes those values as the ones shown,
        so that saving again replaces another editor's value only where this editor changed the
        field too (Django would otherwise send back the values first shown)."""
        changed = set(self.changed_data)
        data = self.data.copy()
        for name, field in self.fields.items():
            now = field.prepare_value(self.get_initial_for_field(field, name))
            _put(data, self.add_initial_prefix(name), field.hidden_widget().format_value(now))
            if name not in changed:
                _put(data, self.add_prefix(name), field.widget.format_value(now))
        self.data = data


class _ShownField(BoundField):
    """A field whose hidden value shown describes nothing: its help text is the visible
    field's (HTML allows no aria attribute on a hidden input)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs.pop("aria-describedby", None)
        return attrs


def _put(data, key: str, value) -> None:
    if isinstance(value, list):  # a select's values
        data.setlist(key, value)
    else:
        data[key] = "" if value is None else value


def actor_with_side(actor: Actor) -> str:
    side = local_name(actor.side) if actor.side_id else gettext("independent")
    return f"{local_name(actor)} ({side})"


def initial_from(data, lists=("evidence",)) -> dict:
    """Submitted values as a form's initial values: a page re-rendered after a search shows
    what was typed without judging it yet."""
    return {
        key: values if key in lists else values[-1]
        for key, values in data.lists()
        if key != "csrfmiddlewaretoken"
    }
