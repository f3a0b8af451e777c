"""External tools some tests need (Chromium, Java, npm packages): skip clearly, or fail in CI."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def require(available: bool, reason: str) -> None:
    """Skip with ``reason`` when a tool is missing; fail instead when CI demands every tool."""
    if available:
        return
    if os.environ.get("CLAIMTRACKER_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{reason} (CLAIMTRACKER_REQUIRE_TOOLS=1)")
    pytest.skip(f"{reason}; `make test` installs it where it can")


def require_chromium() -> None:
    require(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM}")


def require_vnu() -> None:
    require(
        shutil.which("java") is not None, "Java is not installed (the Nu HTML checker needs it)"
    )
    require(VNU_JAR.exists(), f"{VNU_JAR.relative_to(ROOT)} is missing (npm ci installs it)")


def require_axe() -> None:
    require(AXE_JS.exists(), f"{AXE_JS.relative_to(ROOT)} is missing (npm ci installs it)")


def vnu_problems(pages: dict[str, bytes], tmp_path) -> list[str]:
    """The Nu HTML checker's errors in ``pages`` (name → HTML), each with its page's name."""
    files = {}
    for i, (name, content) in enumerate(pages.items()):
        path = tmp_path / f"page{i}.html"
        path.write_bytes(content)
        files[path.name] = name
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, tmp_path.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{files[m['url'].rsplit('/', 1)[-1]]} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
