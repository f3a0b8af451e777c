"""OpenAPI: every operation also documents the answers every endpoint can give."""

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import (
    SAFE_METHODS,
    AllowAny,
    DjangoModelPermissionsOrAnonReadOnly,
    IsAuthenticatedOrReadOnly,
)

# Permissions that let anyone read: such operations need no token.
ANONYMOUS_READS = (AllowAny, IsAuthenticatedOrReadOnly, DjangoModelPermissionsOrAnonReadOnly)

PROBLEMS = {
    "type": "object",
    "description": "Each bad parameter or field, with what is wrong with it.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
INPUT_PROBLEMS = {
    "type": "object",
    "description": (
        "Each bad field with what is wrong with it; for a list of objects (citations), the "
        "problems of each item by its position; or a `detail` when the body is not JSON."
    ),
    "additionalProperties": {
        "oneOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}],
    },
}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


# The text rule every text field follows (claims.text): no control characters; single-line
# fields refuse line breaks and bidirectional controls too, which a 400 names.
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"


def state_input_rules(result, generator, request, public):
    """Say in the schema what the API refuses anyway, so that clients (and schemathesis) need
    not find out by trial: the text rule on every free-text field of a request body, and no
    negative numbers where only ids and versions go."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for field in component.get("properties", {}).values():
            for variant in field.get("oneOf", [field]):
                kinds = variant.get("type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if "string" in kinds and not {"format", "enum", "pattern"} & set(variant):
                    variant["pattern"] = TEXT_PATTERN
                if "integer" in kinds and "minimum" not in variant:
                    variant["minimum"] = 0
    return result


def _json(schema: dict, description: str) -> dict:
    return {"content": {"application/json": {"schema": schema}}, "description": description}


class ClaimTrackerSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None and self._anonymous_may_call():
            # A public read: an empty requirement list says no token is needed, so Swagger shows
            # no lock. A token still works (editors then see who recorded verifications).
            operation["security"] = []
        return operation

    def _anonymous_may_call(self) -> bool:
        permissions = self.view.get_permissions()
        if all(isinstance(p, AllowAny) for p in permissions):
            return True
        return self.method in SAFE_METHODS and all(
            isinstance(p, ANONYMOUS_READS) for p in permissions
        )

    def _get_filter_parameters(self):
        # An empty filter means "no filter", as when a page's form is sent with a field blank;
        # links from the pages to the API and exports carry such blanks.
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        responses.setdefault(
            "429", _json(DETAIL, "Too many requests: wait the seconds Retry-After gives.")
        )
        if self.method == "GET":
            responses.setdefault(
                "304", {"description": "Not modified since the ETag or time sent."}
            )
            if self._is_list_view():
                responses.setdefault("400", _json(PROBLEMS, "A parameter is unknown or malformed."))
            else:
                responses.setdefault("404", _json(DETAIL, "Nothing here."))
                if any(p["in"] == "query" for p in self._get_parameters()):
                    responses.setdefault(
                        "400", _json(PROBLEMS, "A parameter is unknown or malformed.")
                    )
        else:
            responses.setdefault("400", _json(INPUT_PROBLEMS, "Invalid input."))
            responses.setdefault("401", _json(DETAIL, "Send a token: Authorization: Token …"))
            responses.setdefault("403", _json(DETAIL, "Your account cannot do this."))
        return responses
