"""The concurrency check: clients behind a barrier post a verification to one claim from the same
version; exactly one wins each round, and the stored history agrees."""

import threading
from collections import Counter

import psycopg

from reliability.common import CLAIMS_API, CannotRun, Outcome, Reply, Site, fetch, serving_site

RACERS = 20
# Statuses an editor may record without evidence; each racer sends its own, so the claim's
# final status shows whose write won.
# Verdicts only: a later verdict always becomes the claim's status, whereas "in review" is not a
# verdict and leaves an earlier one standing (claims.picture.current), which this check's
# "the winner's status is the claim's" would misread as a lost write.
RACE_STATUSES = ("disputed", "unconfirmed")


def claim_detail(site: Site, claim_id: int) -> dict:
    reply = fetch("GET", f"{site.base}{CLAIMS_API}{claim_id}/")
    if reply.status != 200:
        raise CannotRun(f"GET claim {claim_id} answered {reply.status or reply.error}")
    return reply.json()


def race(site: Site, claim_id: int, version: int, round_number: int) -> list[Reply]:
    """RACERS clients post a verification from the same version at the same moment."""
    start = threading.Barrier(RACERS)
    replies: list[Reply | None] = [None] * RACERS

    def racer(index: int) -> None:
        payload = {
            "version": version,
            "status": RACE_STATUSES[index % len(RACE_STATUSES)],
            "rationale": f"Reliability race {round_number}, client {index}.",
        }
        start.wait()
        replies[index] = fetch(
            "POST",
            f"{site.base}{CLAIMS_API}{claim_id}/verifications/",
            token=site.token,
            payload=payload,
        )

    racers = [threading.Thread(target=racer, args=(i,)) for i in range(RACERS)]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join()
    return replies


def judge_race(replies: list[Reply], before: dict, after: dict) -> tuple[dict | None, list[str]]:
    """The winning verification, and every way the round broke its promise."""
    statuses = Counter(reply.status or reply.error for reply in replies)
    problems = []
    if statuses != Counter({201: 1, 409: RACERS - 1}):
        problems.append(f"answers {dict(statuses)}, not one 201 and {RACERS - 1} × 409")
    winners = [reply.json() for reply in replies if reply.status == 201]
    winner = winners[0] if len(winners) == 1 else None
    version = before["version"] + 1
    if winner is None:
        return None, problems
    for reply in replies:
        if reply.status == 409:
            conflict = reply.json()
            if conflict["current"]["version"] != version:
                problems.append(
                    f"a 409 showed version {conflict['current']['version']}, not {version}"
                )
            if [change["id"] for change in conflict["verifications"]] != [winner["id"]]:
                problems.append("a 409 did not name exactly the winning verification as the change")
    if winner["claim_version"] != version:
        problems.append(
            f"the winner recorded claim version {winner['claim_version']}, not {version}"
        )
    if after["version"] != version:
        problems.append(f"the claim is at version {after['version']}, not {version}")
    if after["status"] != winner["status"]:
        problems.append(
            f"the claim's status is {after['status']}, not the winner's {winner['status']}"
        )
    history = [v["id"] for v in after["verifications"]]
    if history != [v["id"] for v in before["verifications"]] + [winner["id"]]:
        problems.append("the verification history is not the old one plus the winner")
    return winner, problems


def stored_history(database_url: str, claim_id: int) -> dict:
    with psycopg.connect(database_url) as connection:
        return {
            "verifications": connection.execute(
                "SELECT count(*) FROM claims_verification WHERE claim_id = %s", [claim_id]
            ).fetchone()[0],
            "versions": [
                row[0]
                for row in connection.execute(
                    "SELECT version FROM claims_historicalclaim WHERE id = %s ORDER BY history_id",
                    [claim_id],
                )
            ],
            "current": connection.execute(
                "SELECT version, current_verification_id FROM claims_claim WHERE id = %s",
                [claim_id],
            ).fetchone(),
        }


def judge_stored_history(first: dict, last: dict, winners: list[dict]) -> list[str]:
    """The rows in the database agree with what the API said: one of each per round."""
    rounds = len(winners)
    problems = []
    if last["verifications"] != first["verifications"] + rounds:
        added_rows = last["verifications"] - first["verifications"]
        problems.append(f"{added_rows} verification rows added, not {rounds}")
    added = last["versions"][len(first["versions"]) :]
    wanted = list(range(first["current"][0] + 1, first["current"][0] + rounds + 1))
    if added != wanted:
        problems.append(f"history rows added for versions {added}, not {wanted}")
    if winners and last["current"] != (wanted[-1], winners[-1]["id"]):
        problems.append(
            f"the claim row holds {last['current']}, not ({wanted[-1]}, {winners[-1]['id']})"
        )
    return problems


def check_concurrency(options) -> Outcome:
    # Enough gunicorn threads that all racers are inside the app, and at the database, at once.
    with serving_site("concurrency", workers=4, threads=5) as site:
        listing = fetch("GET", f"{site.base}{CLAIMS_API}?place=soledar&page_size=1").json()
        claim_id = listing["results"][0]["id"]
        first = stored_history(site.cluster.url, claim_id)
        winners, problems = [], []
        for round_number in range(1, options.rounds + 1):
            before = claim_detail(site, claim_id)
            replies = race(site, claim_id, before["version"], round_number)
            winner, round_problems = judge_race(replies, before, claim_detail(site, claim_id))
            problems += [f"round {round_number}: {problem}" for problem in round_problems]
            if winner is None:
                break
            winners.append(winner)
        problems += judge_stored_history(first, stored_history(site.cluster.url, claim_id), winners)
    if problems:
        return Outcome(f"concurrency: FAILED: {'; '.join(problems)}", passed=False)
    start, end = first["current"][0], first["current"][0] + len(winners)
    return Outcome(
        f"concurrency: {options.rounds} rounds of {RACERS} clients writing a verification to "
        f"one claim from the same version: each 1 × 201 and {RACERS - 1} × 409; version "
        f"{start} → {end}, {len(winners)} verifications and {len(winners)} history rows added, "
        "history consistent",
        passed=True,
    )
