"""Query parameters of lists and downloads are validated strictly: an unknown, repeated or
malformed one is a 400 that names it, never silently ignored. Shared by the API and the
downloads, so the errors are Django's, keyed by parameter, for each to answer in its way."""

from django.core.exceptions import ValidationError
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
    errors = parameter_errors(request, filterset_class, paging=paging)
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        for name, messages in filterset.errors.items():
            errors.setdefault(name, list(messages))
    if errors:
        raise ValidationError(errors)
    return filterset.qs
