"""Precision and recall of the article extraction on the corpus in tests/extraction/corpus/.

Each story is a text and the JSON of what a careful editor extracts from it. A claim counts as
found when place, claimant, verb, side and the day it was stated all match; a verification when
it judges a found claim with the same verifier, status and evidence kind. The held-out part
(each JSON's "part") was annotated before the rules were tuned on the rest; both parts are
reported, and per-field figures come from pairing each proposal with the gold claim it agrees
with most.

    make extract-eval                      # the table
    make extract-eval EVAL_ARGS="--show dev"   # also every miss and every extra of one part
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "extraction" / "corpus"
GAZETTEER = ROOT / "tests" / "extraction" / "gazetteer.json"
FIELDS = ("place", "claimant", "claimant_side", "verb", "side", "stated", "effective", "answers")
KEY = ("place", "claimant", "verb", "side", "stated")
ROUNDS = 5


def load_corpus():
    stories = []
    for gold_path in sorted(CORPUS.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        stories.append((gold_path.stem, text, gold))
    return stories


def as_rows(result) -> tuple[list[dict], list[dict]]:
    claims = [
        {
            "place": c.place,
            "claimant": c.claimant,
            "claimant_side": c.claimant_side,
            "verb": c.verb,
            "side": c.side,
            "stated": c.stated_at.isoformat(),
            "effective": c.effective_at.isoformat() if c.effective_at else None,
            "answers": c.answers,
        }
        for c in result.claims
    ]
    verifications = [
        {
            "claim": v.claim,
            "verifier": v.verifier,
            "status": v.status,
            "evidence_kind": v.evidence_kind,
            "decided": v.decided_at.isoformat(),
        }
        for v in result.verifications
    ]
    return claims, verifications


def key(claim) -> tuple:
    return tuple(claim[f] for f in KEY)


def answer_key(claims, claim):
    index = claim["answers"]
    return key(claims[index]) if index is not None and 0 <= index < len(claims) else None


def pair(predicted, gold):
    """Greedy one-to-one pairing, most agreeing fields first."""
    scored = sorted(
        (
            (sum(p[f] == g[f] for f in KEY), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if p["place"] == g["place"]
        ),
        reverse=True,
    )
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in scored:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


class Tally:
    def __init__(self):
        self.counts = Counter()

    def add(self, name, hit, predicted, gold):
        self.counts[name, "hit"] += hit
        self.counts[name, "predicted"] += predicted
        self.counts[name, "gold"] += gold

    def figures(self, name):
        hit = self.counts[name, "hit"]
        p = hit / self.counts[name, "predicted"] if self.counts[name, "predicted"] else 1.0
        r = hit / self.counts[name, "gold"] if self.counts[name, "gold"] else 1.0
        return p, r, hit, self.counts[name, "predicted"], self.counts[name, "gold"]


def score(story_gold, claims, verifications, tally: Tally, show: bool, name: str):
    gold_claims = story_gold["claims"]
    gold_checks = story_gold["verifications"]
    predicted = Counter(key(c) for c in claims)
    wanted = Counter(key(c) for c in gold_claims)
    found = predicted & wanted
    tally.add("claims", sum(found.values()), len(claims), len(gold_claims))
    for i, j in pair(claims, gold_claims):
        p, g = claims[i], gold_claims[j]
        for field in FIELDS:
            if field == "answers":
                same = answer_key(claims, p) == answer_key(gold_claims, g)
            else:
                same = p[field] == g[field]
            tally.counts[field, "hit"] += same
    for field in FIELDS:
        tally.counts[field, "predicted"] += len(claims)
        tally.counts[field, "gold"] += len(gold_claims)

    def check_key(check, claim_rows):
        index = check["claim"]
        claim = key(claim_rows[index]) if 0 <= index < len(claim_rows) else None
        return (claim, check["verifier"], check["status"], check["evidence_kind"])

    predicted_checks = Counter(check_key(v, claims) for v in verifications)
    wanted_checks = Counter(check_key(v, gold_claims) for v in gold_checks)
    tally.add(
        "verifications",
        sum((predicted_checks & wanted_checks).values()),
        len(verifications),
        len(gold_checks),
    )
    if show:
        for missing in (wanted - predicted).elements():
            print(f"  {name}: missed {missing}")
        for extra in (predicted - wanted).elements():
            print(f"  {name}: extra  {extra}")
        for missing in (wanted_checks - predicted_checks).elements():
            print(f"  {name}: missed check {missing}")
        for extra in (predicted_checks - wanted_checks).elements():
            print(f"  {name}: extra  check {extra}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show", choices=["dev", "heldout"], help="List misses and extras of that part."
    )
    # One run per story is enough to score a change; the speed figures want several.
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="Runs per story for the speed figures."
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
    os.environ.setdefault("DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from claims.extraction import Gazetteer, extract

    records = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    started = time.perf_counter()
    gazetteer = Gazetteer.from_records(**records)
    gazetteer.place_matcher  # noqa: B018 - built once, as for every request
    gazetteer.actor_matcher  # noqa: B018
    build_ms = (time.perf_counter() - started) * 1000

    tallies = {"dev": Tally(), "heldout": Tally()}
    timings = []
    for name, text, gold in load_corpus():
        published = date.fromisoformat(gold["published"])
        for _ in range(max(1, args.rounds)):
            started = time.perf_counter()
            result = extract(
                text, published=published, gazetteer=gazetteer, publisher=gold["publisher"]
            )
            timings.append((time.perf_counter() - started) * 1000)
        claims, verifications = as_rows(result)
        part = gold["part"]
        score(gold, claims, verifications, tallies[part], args.show == part, name)

    print(f"{'':<16}{'dev P':>8}{'dev R':>8}{'held-out P':>12}{'held-out R':>12}")
    for row in ("claims", "verifications", *FIELDS):
        cells = []
        for part, width in (("dev", 8), ("heldout", 12)):
            p, r, _, predicted, wanted = tallies[part].figures(row)
            # A part with no stories yet (the held-out part while it is being written) has no
            # figures, not a perfect score.
            empty = not predicted and not wanted
            cells += ["—".rjust(width) * 2] if empty else [f"{p:>{width}.0%}{r:>{width}.0%}"]
        print(f"{row:<16}{''.join(cells)}")
    for part in ("dev", "heldout"):
        t = tallies[part]
        _, _, hit, predicted, wanted = t.figures("claims")
        _, _, vhit, vpredicted, vwanted = t.figures("verifications")
        print(
            f"{part}: claims {hit} found of {wanted}, {predicted} proposed; "
            f"verifications {vhit} of {vwanted}, {vpredicted} proposed"
        )
    print(
        f"speed: {statistics.mean(timings):.1f} ms per article on average, "
        f"{max(timings):.1f} ms at most ({len(timings)} runs); "
        f"gazetteer of {len(records['places'])} places and {len(records['actors'])} actors "
        f"built in {build_ms:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
