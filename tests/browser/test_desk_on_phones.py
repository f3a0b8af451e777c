"""Every desk page this issue touched fits a 360 px phone without sideways scrolling."""

import pytest

from claims import services
from claims.models import Claim
from tests.browser.test_merge import fits_the_screen, log_in
from tests.conftest import _user_in


@pytest.mark.parametrize("width", [360, 390])
def test_desk_pages_fit_a_phone(site, page, width):
    editor = _user_in("Editors", "editor")
    holder = _user_in("Editors", "colleague")
    claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
    services.claim_take_into_review(claim=claim, expected_version=claim.version, user=holder)
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, site, editor.username, "/review/")
    pages = [
        "/review/",
        f"/claims/{claim.pk}/verify/",
        f"/claims/{claim.pk}/edit/",
        "/claims/new/",
        "/places/soledar/names/",
        "/actors/isw/names/",
        "/sides/",
    ]
    too_wide = []
    for path in pages:
        page.goto(f"{site}{path}")
        if not fits_the_screen(page):
            too_wide.append(path)
    page.goto(f"{site}/review/")
    page.get_by_role("button", name=f"Take over claim {claim.pk}").click()
    page.get_by_role("heading", name=f"Take over claim {claim.pk}?").wait_for()
    if not fits_the_screen(page):
        too_wide.append("take over")
    assert not too_wide
