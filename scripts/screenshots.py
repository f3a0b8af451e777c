"""Screenshots of the key pages at 1280 and 390 px, for review: `make screenshots`.

Builds the demo data in a throwaway SQLite database, serves it with Django's development server
on a free local port, and photographs each page (whole page) with Debian's Chromium into
var/screenshots/. Nothing is fetched from outside 127.0.0.1: such requests are blocked.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screenshots"
WIDTHS = [1280, 390]
PAGES = {
    "dashboard": "/",
    "places": "/places/",
    "soledar": "/places/soledar/",
    "soledar-as-of-11-jan": "/places/soledar/?as_of=2023-01-11",
    "claims": "/claims/",
    "claims-ambiguous-name": "/claims/?place=Bakh",
    "search-bachmut": "/search/?q=Bachmut",
    "embed-soledar": "/embed/places/soledar/",
    # The same pages in Ukrainian, whose words run longer: nothing may be clipped.
    "soledar-uk": "/uk/places/soledar/",
    "soledar-as-of-11-jan-uk": "/uk/places/soledar/?as_of=2023-01-11",
    "dashboard-uk": "/uk/",
    "claims-uk": "/uk/claims/",
    "embed-soledar-uk": "/uk/embed/places/soledar/",
}
DESK = {"review": "/review/", "sides": "/sides/"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="ct-screens-"))
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "CLAIMTRACKER_EDITOR_PASSWORD": "screenshots only",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["createcachetable"], ["load_demo"]):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*manage, "create_editor", "screens"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        shoot(base)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshots: {len(list(OUT.glob('*.png')))} files in {OUT.relative_to(ROOT)}/")
    return 0


def shoot(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith((base, "data:", "blob:"))
                    else route.abort()
                ),
            )
            page = context.new_page()
            for name, path in PAGES.items():
                photograph(page, base + path, f"{name}-{width}")
            page.goto(base + "/accounts/login/")
            page.get_by_label("Username").fill("screens")
            page.get_by_label("Password").fill("screenshots only")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
            for name, path in DESK.items():
                photograph(page, base + path, f"desk-{name}-{width}")
            context.close()
        browser.close()


def photograph(page, url: str, name: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


if __name__ == "__main__":
    sys.exit(main())
