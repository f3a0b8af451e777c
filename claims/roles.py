"""The newsroom's two roles and their permissions.

Editors add and edit claims, sources, actors and places, and record verifications; Verification
leads may also record the final verdicts confirmed, false and superseded.
"""

EDITORS = "Editors"
LEADS = "Verification leads"

EDITOR_PERMISSIONS = [
    "add_claim",
    "change_claim",
    "add_citation",
    "change_citation",
    "delete_citation",
    "add_source",
    "change_source",
    "add_actor",
    "change_actor",
    "add_place",
    "change_place",
    "add_placename",
    "change_placename",
    "add_actorname",
    "change_actorname",
    "change_side",
    "add_verification",
]
GROUPS = {EDITORS: EDITOR_PERMISSIONS, LEADS: [*EDITOR_PERMISSIONS, "record_verdict"]}


def ensure_groups(group_model, permission_model) -> None:
    """Create both groups with their permissions; the models may be historical (migrations)."""
    for name, codenames in GROUPS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.add(
            *permission_model.objects.filter(
                content_type__app_label="claims", codename__in=codenames
            )
        )


def sees_editors(user) -> bool:
    """Whether ``user`` may see who in the newsroom did what: editors, leads and staff."""
    return bool(user and user.is_authenticated and user.has_perm("claims.add_verification"))
