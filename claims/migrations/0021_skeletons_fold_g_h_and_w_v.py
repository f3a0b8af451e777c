from django.db import migrations

from claims.text import skeleton

# Skeletons are stored (indexed for search); the spelling rules gained г as "g" or "h" and в as
# "w" or "v", so every stored skeleton is derived again. A chunk at a time keeps memory flat on
# a large gazetteer.
MODELS = ("Place", "PlaceName", "Actor", "ActorName")
CHUNK = 2000


def derive_again(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("claims", name)
        max_length = model._meta.get_field("skeleton").max_length
        changed = []
        for record in model.objects.only("pk", "name", "skeleton").iterator(chunk_size=CHUNK):
            bones = skeleton(record.name)[:max_length]
            if bones != record.skeleton:
                record.skeleton = bones
                changed.append(record)
            if len(changed) >= CHUNK:
                model.objects.bulk_update(changed, ["skeleton"])
                changed = []
        model.objects.bulk_update(changed, ["skeleton"])


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0020_place_disputes"),
    ]

    operations = [migrations.RunPython(derive_again, migrations.RunPython.noop)]
