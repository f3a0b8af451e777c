import json
import sys
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims import selectors
from claims.extraction import MAX_BYTES, InputRefused
from claims.inputs import check_day


class Command(BaseCommand):
    help = (
        "Propose the control claims and verifications a news article reports, matched against "
        "the places and actors on file. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The article as a UTF-8 text file, or - for stdin.")
        parser.add_argument(
            "--published", required=True, help="Publication date, YYYY-MM-DD.", type=_day
        )
        parser.add_argument("--publisher", default=None, help="The outlet's actor slug.")
        parser.add_argument("--json", action="store_true", help="Print the proposals as JSON.")

    def handle(self, *args, file, published, publisher, json: bool, **options):
        text = _read(file)
        try:
            result = selectors.article_proposals(text, published=published, publisher=publisher)
        except InputRefused as refused:
            raise CommandError(str(refused)) from None
        if json:
            self.stdout.write(_json_dumps(result.as_dict()))
            return
        for note in result.notes:
            self.stdout.write(f"Note: {note}")
        if not result.claims:
            self.stdout.write("No control claims found.")
        for number, claim in enumerate(result.claims, 1):
            answers = f", answers #{claim.answers + 1}" if claim.answers is not None else ""
            effective = f", refers to {claim.effective_at}" if claim.effective_at else ""
            self.stdout.write(
                f"#{number} {claim.claimant} [{claim.claimant_side or 'independent'}] "
                f"{claim.verb} {claim.side or '-'} · {claim.place} · stated {claim.stated_at}"
                f"{effective}{answers} (confidence {claim.confidence:.2f})"
            )
            self.stdout.write(f"    “{claim.quote}”")
            for reason in claim.why:
                self.stdout.write(f"    - {reason}")
        for verification in result.verifications:
            self.stdout.write(
                f"Verification of #{verification.claim + 1}: {verification.status} by "
                f"{verification.verifier or 'the newsroom'} on {verification.decided_at}"
                + (f" ({verification.evidence_kind})" if verification.evidence_kind else "")
            )


def _day(value: str) -> date:
    try:
        return check_day(date.fromisoformat(value))
    except ValueError:
        raise CommandError(f"--published: give a date as YYYY-MM-DD, not {value!r}.") from None
    except ValidationError as invalid:
        raise CommandError(f"--published: {invalid.messages[0]}") from None


def _read(path: str) -> str:
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    if len(raw) > MAX_BYTES:
        raise CommandError(f"{path} is larger than {MAX_BYTES // 1024} KB; give one article.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"{path} is not UTF-8 text (byte {error.start + 1}).") from None


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
