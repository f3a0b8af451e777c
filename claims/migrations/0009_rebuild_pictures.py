"""Fill the columns derived from each claim and rebuild every place's stored picture under the
standing-position rules. Both are caches of pure functions over the data, so the migration calls
those functions (claims.control, claims.picture) on values read through the historical models."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Max

from claims import control, picture


def derive(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Side = apps.get_model("claims", "Side")
    Verification = apps.get_model("claims", "Verification")
    PlaceState = apps.get_model("claims", "PlaceState")
    PlacePosition = apps.get_model("claims", "PlacePosition")

    columns = (
        "id",
        "place_id",
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
    by_place = defaultdict(list)
    for row in Claim.objects.values_list(*columns).iterator():
        (
            pk,
            place_id,
            claimant,
            claimant_side,
            verb,
            side,
            stated,
            effective,
            ambiguous,
            a_verb,
            a_side,
        ) = row
        by_place[place_id].append(
            picture.Statement(
                pk,
                claimant,
                claimant_side,
                verb,
                side,
                stated,
                effective,
                ambiguous,
                a_verb,
                a_side,
            )
        )
        implied_side, held = control.implied(
            verb=verb,
            side_id=side,
            claimant_side_id=claimant_side,
            answers_verb=a_verb,
            answers_side_id=a_side,
            ambiguous=ambiguous,
        )
        Claim.objects.filter(pk=pk).update(implied_side_id=implied_side, implied_control=held or "")

    judged = defaultdict(list)
    for pk, claim_id, status, decided_at, verifier_id in Verification.objects.values_list(
        "id", "claim_id", "status", "decided_at", "verifier_id"
    ).iterator():
        judged[claim_id].append(picture.Judgement(pk, claim_id, status, decided_at, verifier_id))
    for claim_id, rows in judged.items():
        best = picture.current(rows)
        Claim.objects.filter(pk=claim_id).update(
            status=best.status, current_verification_id=best.id
        )

    window = timedelta(days=getattr(settings, "CONTRADICTION_WINDOW_DAYS", 2))
    order = list(Side.objects.order_by("position", "name").values_list("id", flat=True))
    totals = {
        row["place_id"]: row
        for row in Claim.objects.values("place_id").annotate(n=Count("id"), last=Max("stated_at"))
    }
    PlacePosition.objects.all().delete()
    for place_id, statements in by_place.items():
        now = picture.compute(statements, judged, moment=None, window=window, side_order=order)
        PlaceState.objects.update_or_create(
            place_id=place_id,
            defaults={
                "contested": now.contested,
                "verdict": now.verdict,
                "claim_count": totals[place_id]["n"],
                "last_stated_at": totals[place_id]["last"],
                "last_statement_at": now.last_statement_at,
                "picture": picture.to_json(now),
            },
        )
        PlacePosition.objects.bulk_create(
            PlacePosition(
                place_id=place_id,
                side_id=p.side_id,
                control=p.control,
                since=p.since,
                status=p.status,
            )
            for p in now.positions
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_control_picture")]

    operations = [migrations.RunPython(derive, migrations.RunPython.noop)]
