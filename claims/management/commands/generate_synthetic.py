import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.synthetic import Generator


class Command(BaseCommand):
    help = (
        "Add realistic synthetic data for benchmarks: N places with aliases, actors on both sides "
        "and independent, sources, and M claims over two years with verification histories. "
        "The same seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--places", type=int, required=True)
        parser.add_argument("--claims", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, places: int, claims: int, seed: int, **options):
        if places < 1 or claims < 0:
            raise CommandError("--places must be at least 1 and --claims at least 0.")
        started = time.monotonic()
        with tqdm(
            total=claims, unit="claim", disable=not sys.stderr.isatty(), file=sys.stderr
        ) as bar:
            counts = Generator(places=places, claims=claims, seed=seed, progress=bar.update).run()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {counts.places} places, {counts.actors} actors, {counts.sources} "
                f"sources, {counts.claims} claims, {counts.verifications} verifications and "
                f"{counts.citations} citations in {seconds:.0f} s."
            )
        )
