"""The generated part of docs/reliability.md: the last run's results, machine and commit."""

import os
import platform
import re
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from reliability.checks import CHECKS
from reliability.common import (
    REPORT,
    REPORT_END,
    REPORT_START,
    ROOT,
    CannotRun,
    Outcome,
    postgres_bin,
    run,
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = names[0] if names else cpu
    postgres = run([str(postgres_bin() / "postgres"), "--version"]).strip()
    # Others' work on a shared machine moves the load numbers; the 15-minute load average of
    # the run says how much.
    busy = os.getloadavg()[2]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; {postgres}; "
        f"load average {busy:.1f} over the last 15 minutes"
    )


def commit() -> str:
    try:
        head = run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT).strip()
        dirty = run(["git", "status", "--porcelain"], cwd=ROOT).strip()
    except (CannotRun, FileNotFoundError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def generated_section(outcomes: dict[str, Outcome], options) -> str:
    lines = [
        REPORT_START,
        "## Last run",
        "",
        f"- **Date:** {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- **Machine:** {machine()}",
        f"- **Commit:** {commit()}",
        "- **Command:** `make reliability` "
        f"(`python -m reliability all --duration {options.duration}`)",
        "",
    ]
    for name, outcome in outcomes.items():
        verdict = "passed" if outcome.passed else "FAILED"
        lines += [
            f"### {name}: {verdict}",
            "",
            "```",
            outcome.line,
            "```",
            "",
            textwrap.fill(f"Rerun: `make {name}`. {CHECKS[name].explanation}", width=100),
            "",
        ]
    lines.append(REPORT_END)
    return "\n".join(lines)


def write_report(outcomes: dict[str, Outcome], options) -> None:
    """Replace the generated part of docs/reliability.md; the hand-written rest stays."""
    section = generated_section(outcomes, options)
    text = (
        REPORT.read_text()
        if REPORT.exists()
        else f"# Reliability\n\n{REPORT_START}\n{REPORT_END}\n"
    )
    before, _, rest = text.partition(REPORT_START)
    _, _, after = rest.partition(REPORT_END)
    REPORT.write_text(before + section + after)
