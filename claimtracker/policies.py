"""Fixed policies the settings hand to libraries: the browser features and content sources the
pages may use, and how the API describes itself. Only the map tiles' origin comes from the
environment (MAP_TILE_URL, read by settings.py)."""

from urllib.parse import urlsplit

DENIED_FEATURES = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}


def content_security_policy(tile_url: str) -> dict:
    """Nothing inline runs: scripts and styles are files from this site; JSON data blocks are
    not scripts. Map tiles from ``tile_url``, when set, are the one outside source allowed."""
    tile_origin = ""
    if tile_url:
        tiles = urlsplit(tile_url)  # "{s}" subdomain templates become a wildcard
        tile_origin = f"{tiles.scheme}://{tiles.netloc.replace('{s}', '*')}"
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:", *([tile_origin] if tile_origin else [])],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        },
    }


# drf-spectacular's settings: the OpenAPI document at /api/v1/schema/.
API_SCHEMA = {
    "TITLE": "ClaimTracker API",
    "DESCRIPTION": (
        "Claims of territorial control, their sources and their verification. Reads are public; "
        "writes need a token (Authorization: Token …) from an editor's account page."
    ),
    "VERSION": "1.0.0",
    # 3.1 for its "webhooks": the messages the API sends are part of its contract.
    "OAS_VERSION": "3.1.0",
    "WEBHOOKS": [
        f"claims.api.webhook_schema.{name}"
        for name in (
            "claim_created",
            "claim_changed",
            "verification_recorded",
            "place_picture_changed",
            "webhook_test",
        )
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.webhook_schema.add_signature_headers",
        "claims.api.schema.state_input_rules",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "claims.choices.Status",
        "VerbEnum": "claims.choices.Verb",
        "PrecisionEnum": "claims.choices.Precision",
        "ActorKindEnum": "claims.choices.ActorKind",
        "PlaceKindEnum": "claims.choices.PlaceKind",
        "SourceKindEnum": "claims.choices.SourceKind",
        "NameKindEnum": "claims.choices.NameKind",
        "EvidenceKindEnum": "claims.choices.EvidenceKind",
    },
}
