"""Query parameters of lists and downloads are validated strictly: an unknown, repeated or
malformed one is a 400 that names it, never silently ignored. Shared by the API and the
downloads, so the errors are Django's, keyed by parameter, for each to answer in its way."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Model
from django_filters import MultipleChoiceFilter

from claims.numbers import whole_number

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGING_PARAMETERS = {"cursor", "page_size"}


def parameter_errors(request, filterset_class, *, paging: bool) -> dict[str, list[str]]:
    """Parameters that are unknown, or repeated where one value is expected."""
    allowed = set(filterset_class.base_filters) | (PAGING_PARAMETERS if paging else set())
    errors = {}
    for name, values in request.GET.lists():
        if name not in allowed:
            errors[name] = [f"Unknown parameter. Known ones: {', '.join(sorted(allowed))}."]
            continue
        repeatable = isinstance(filterset_class.base_filters.get(name), MultipleChoiceFilter)
        if len(values) > 1 and not repeatable:
            errors[name] = ["Give this parameter once."]
    return errors


def page_size(request) -> int:
    raw = request.GET.get("page_size")
    if raw is None:
        return PAGE_SIZE
    size = whole_number(raw)
    if size is None or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]})
    return size


def filtered(filterset_class, request, queryset, *, paging: bool = True):
    """The queryset filtered by the request's parameters, or a 400 naming every bad one."""
    return validated(filterset_class, request, queryset, paging=paging).qs


def validated(filterset_class, request, queryset, *, paging: bool = True):
    """The FilterSet of the request's parameters, all valid, or a 400 naming every bad one."""
    errors = parameter_errors(request, filterset_class, paging=paging)
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        for name, messages in filterset.errors.items():
            errors.setdefault(name, list(messages))
    if errors:
        raise ValidationError(errors)
    return filterset


_PLAIN = (str, int, float, bool, date, datetime, type(None))


def values_key(filterset) -> tuple | None:
    """What a valid FilterSet's query depends on besides its class: each filter's value (a
    record by its id); None if a value is of a kind not known to be a fair key."""
    found = []
    for name, value in sorted(filterset.form.cleaned_data.items()):
        key = _value_key(value)
        if key is _UNKNOWN:
            return None
        found.append((name, key))
    return tuple(found)


_UNKNOWN = object()


def _value_key(value):
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        keys = tuple(_value_key(item) for item in value)
        return _UNKNOWN if _UNKNOWN in keys else keys
    return _UNKNOWN
