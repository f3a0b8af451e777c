"""The two newsroom roles: Editors, and Verification leads who may also record final verdicts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    "add_verification",
]
LEAD_PERMISSIONS = [*EDITOR_PERMISSIONS, "record_verdict"]
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Verification leads": LEAD_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    claims_config = apps.get_app_config("claims")
    claims_config.models_module = True
    create_permissions(claims_config, apps=apps, verbosity=0)
    claims_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_data_version_cache_and_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
