import django.db.models.deletion
from django.db import migrations, models


def stamp_every_place(apps, schema_editor):
    """Every place starts at the current data version: a page cached before this migration was
    keyed on that version globally, and copies keyed per place start afresh from here."""
    DataVersion = apps.get_model("claims", "DataVersion")
    Place = apps.get_model("claims", "Place")
    PlaceVersion = apps.get_model("claims", "PlaceVersion")
    current = DataVersion.objects.filter(pk=1).first()
    if current is None:
        return
    PlaceVersion.objects.bulk_create(
        (
            PlaceVersion(place_id=pk, version=current.version, changed_at=current.changed_at)
            for pk in Place.objects.values_list("pk", flat=True).iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_name_skeletons_and_trigram_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlaceVersion",
            fields=[
                (
                    "place",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="data_version",
                        serialize=False,
                        to="claims.place",
                    ),
                ),
                ("version", models.BigIntegerField()),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(stamp_every_place, migrations.RunPython.noop),
    ]
