"""What every API view shares: JSON out through orjson, the 405 before authentication, and the
two generic reads, a keyset-paged list and one record, of a :class:`Resource`."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import slug_re
from django.db import models, router
from django.http import HttpResponse
from django.utils.functional import Promise
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.permissions import AllowAny

from claims import caching, compiled, parameters, roles
from claims import representations as rep
from claims.api.conditional import respond
from claims.pagination import Cursor, KeysetPaginator


def _lazy_text(value):
    # Labels are lazy translations, read in the language of the request being answered.
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data) -> bytes:
    return orjson.dumps(data, default=_lazy_text, option=orjson.OPT_UTC_Z)


def json_response(data, status=200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json")


def links(request) -> rep.Links:
    return rep.links_for(request.build_absolute_uri("/"))


def redact(verifications: list[dict], request) -> list[dict]:
    """Editors' usernames are for the newsroom: anonymous readers get ``recorded_by: null``."""
    if not roles.sees_editors(request.user):
        for verification in verifications:
            verification["recorded_by"] = None
    return verifications


@dataclass(frozen=True)
class Resource:
    """One kind of record as the API shows it: the ``values()`` columns read and the function
    that turns those rows into the API's dicts; ``redacted`` hides editors from anonymous
    readers."""

    model: type[models.Model]
    columns: tuple
    dicts: Callable[[list[dict], rep.Links], list[dict]]
    redacted: bool = False

    def build(self, rows: list[dict], request) -> list[dict]:
        built = self.dicts(rows, links(request))
        return redact(built, request) if self.redacted else built


class UnknownMethodFirst:
    """A method a view does not offer is a 405, before permissions ask for a token."""

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class KeysetSchemaPagination(BasePagination):
    """Describes the keyset envelope and its parameters in the schema; views page themselves."""

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Opaque position from a previous response's `cursor` or `next`.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Rows per page, 1 to {parameters.MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": parameters.MAX_PAGE_SIZE},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results", "next", "cursor", "has_more"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "Keep this to ask later for what changed after this page.",
                },
                "has_more": {"type": "boolean"},
            },
        }


# With only these parameters, a list filtered to one place by its slug holds that place's rows
# and nothing any other place decides; any other filter (a region, a name that other places'
# names could make ambiguous) may read other places, so such lists stay on the global version.
ONE_PLACE_PARAMETERS = frozenset({"place", "cursor", "page_size"})


def one_place_stamp(request) -> caching.Stamp:
    """The place's version for a list of one place's rows (by its slug), else the global one;
    an unknown slug or a name falls back to the global version too (:func:`place_stamp`)."""
    places = request.GET.getlist("place")
    # Only a slug is looked up: anything else is a name (or text the filter refuses, a NUL say,
    # which PostgreSQL would refuse in this query with an error before the filter could).
    if (
        len(places) == 1
        and set(request.GET) <= ONE_PLACE_PARAMETERS
        and slug_re.fullmatch(places[0])
    ):
        return caching.place_stamp(places[0])
    return caching.global_stamp()


class ResourceView(UnknownMethodFirst):
    """A public read of ``resource``'s records."""

    permission_classes = [AllowAny]
    resource: Resource

    def get_queryset(self):
        return self.resource.model.objects.all()


def _field_at(model, path: str):
    """The field a ``values()`` path such as ``state__last_statement_at`` ends at."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


class KeysetListView(ResourceView, generics.ListAPIView):
    """A public list: strict parameters, conditional requests, keyset paging, values() rows."""

    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetSchemaPagination
    order_field = "updated_at"

    def ordering(self, request) -> tuple[str, bool]:
        """The field pages are ordered by, and whether descending: change order by default."""
        return self.order_field, False

    def list(self, request, *args, **kwargs):
        def body() -> bytes:
            filterset = parameters.validated(self.filterset_class, request, self.get_queryset())
            field, descending = self.ordering(request)
            paginator = KeysetPaginator(
                field, descending=descending, page_size=parameters.page_size(request)
            )
            token = request.GET.get("cursor")
            try:
                cursor = paginator.decode(token)
            except DjangoValidationError as invalid:
                raise ValidationError({"cursor": invalid.messages}) from None
            rows = self._rows(filterset, paginator, cursor)
            page = paginator.page(rows, cursor, token)
            return dumps(
                {
                    "results": self.resource.build(page.items, request),
                    "next": self._page_url(request, page.next_cursor),
                    "previous": self._page_url(request, page.previous_cursor),
                    "cursor": page.resume_cursor,
                    "has_more": page.has_more,
                }
            )

        # A cursor's page is a one-off: only the first page is remade after writes.
        return respond(request, body, self.stamp(request), parameters=("place", "page_size"))

    def _rows(self, filterset, paginator: KeysetPaginator, cursor: Cursor | None):
        """The page's rows (and one more), by SQL compiled once per view, filter values, page
        size and direction: a cursor's time and id are bound per request."""
        model = self.resource.model
        using = router.db_for_read(model)
        filters = parameters.values_key(filterset)
        key = None
        if filters is not None:
            backwards = cursor is not None and cursor.backwards
            key = (type(self), paginator.ordering, paginator.page_size, cursor is None, backwards)
            key += (filters, using)

        def build(*bound):
            at = None if cursor is None else Cursor(*bound, cursor.backwards, cursor.ordering)
            return paginator.ordered(filterset.qs.values(*self.resource.columns), at)

        if cursor is None:
            return compiled.rows(key, build, (), (), using)
        fields = (_field_at(model, paginator.field), model._meta.pk)
        return compiled.rows(key, build, fields, (cursor.value, cursor.pk), using)

    def stamp(self, request) -> caching.Stamp:
        """What the answer depends on: everything, unless a list says otherwise."""
        return caching.global_stamp()

    def _page_url(self, request, cursor):
        """The request's URL with ``cursor`` in place of its own (or added last), encoded as
        QueryDict.urlencode() would: copying the QueryDict to edit it cost more than the rest."""
        if cursor is None:
            return None
        pairs = []
        for name, values in request.GET.lists():
            pairs.extend([(name, cursor)] if name == "cursor" else ((name, v) for v in values))
        if "cursor" not in request.GET:
            pairs.append(("cursor", cursor))
        return request.build_absolute_uri(f"{request.path}?{urlencode(pairs)}")


class DetailView(ResourceView, generics.GenericAPIView):
    """One public record, found by ``lookup`` in the URL; ``parameters``, the query parameters
    it reads."""

    lookup = "pk"
    parameters: tuple[str, ...] = ()

    def refuse_unknown_parameters(self, request) -> None:
        """A parameter it does not read, or one given twice, is a 400 naming it, as on the lists:
        never silently ignored, nor the last of two values taken."""
        errors = {}
        for name, values in request.GET.lists():
            if name not in self.parameters:
                errors[name] = ["Unknown parameter."]
            elif len(values) > 1:
                errors[name] = ["Give this parameter once."]
        if errors:
            raise ValidationError(dict(sorted(errors.items())))

    def get(self, request, **kwargs):
        self.refuse_unknown_parameters(request)

        def body() -> bytes:
            found = self.get_queryset().filter(**{self.lookup: kwargs[self.lookup]})
            rows = list(found.values(*self.resource.columns))
            if not rows:
                raise NotFound(f"No {self.resource.model._meta.verbose_name} here.")
            return dumps(self.resource.build(rows, request)[0])

        return respond(request, body)
