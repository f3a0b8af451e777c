"""Store each place's disputes beside its picture, so that the place page lists them without
replaying every statement of the place on each request. Like the picture, they are a cache of
a pure function over the data (claims.picture.disputes): the migration calls it on statements
read through the historical models, in the order of claims.pictures.STATEMENT_COLUMNS. A place
left without a copy (none is written on the way back) is computed by its readers."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import migrations, models

from claims import picture

# claims.pictures.STATEMENT_COLUMNS without the place, in claims.standing.Statement's order.
STATEMENT_COLUMNS = (
    "id",
    "claimant_id",
    "claimant__side_id",
    "verb",
    "side_id",
    "stated_at",
    "effective_at",
    "ambiguous",
    "answers__verb",
    "answers__side_id",
    "answers_id",
)
BATCH = 500


def fill(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    PlaceState = apps.get_model("claims", "PlaceState")
    window = timedelta(days=settings.CONTRADICTION_WINDOW_DAYS)
    place_ids = sorted(PlaceState.objects.values_list("place_id", flat=True))
    for start in range(0, len(place_ids), BATCH):
        batch = place_ids[start : start + BATCH]
        by_place = defaultdict(list)
        rows = (
            Claim.objects.filter(place_id__in=batch)
            .order_by()
            .values_list("place_id", *STATEMENT_COLUMNS)
        )
        for place_id, *values in rows.iterator(chunk_size=5000):
            by_place[place_id].append(picture.Statement(*values))
        states = list(PlaceState.objects.filter(place_id__in=batch))
        for state in states:
            found = picture.disputes(by_place.get(state.place_id, []), moment=None, window=window)
            state.disputes = picture.disputes_to_json(picture.named(found), window)
        PlaceState.objects.bulk_update(states, ["disputes"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("claims", "0019_source_url_error_on_the_field")]

    operations = [
        migrations.AddField(
            model_name="placestate",
            name="disputes",
            field=models.JSONField(blank=True, default=None, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
