"""The two newsroom roles: Editors, and Verification leads who may also record final verdicts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.roles import GROUPS, ensure_groups


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    claims_config = apps.get_app_config("claims")
    claims_config.models_module = True
    create_permissions(claims_config, apps=apps, verbosity=0)
    claims_config.models_module = None
    ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_data_version_cache_and_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
