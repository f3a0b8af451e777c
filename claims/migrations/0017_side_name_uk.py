import claims.text
from django.db import migrations, models

# The two sides every install has had since the demo; others are named on the sides page.
UKRAINIAN = {"russia": "Росія", "ukraine": "Україна"}


def name_known_sides(apps, schema_editor):
    Side = apps.get_model("claims", "Side")
    for slug, name in UKRAINIAN.items():
        Side.objects.filter(slug=slug, name_uk="").update(name_uk=name)


def unname(apps, schema_editor):
    """Nothing to undo: the column goes with the migration."""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0016_skeleton_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalside",
            name="name_uk",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[claims.text.TextValidator(single_line=True)],
                verbose_name="name in Ukrainian",
            ),
        ),
        migrations.AddField(
            model_name="side",
            name="name_uk",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[claims.text.TextValidator(single_line=True)],
                verbose_name="name in Ukrainian",
            ),
        ),
        migrations.RunPython(name_known_sides, unname),
    ]
