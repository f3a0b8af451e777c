"""axe-core in the browser: no serious or critical accessibility violation on the main pages."""

import pytest

from claims.models import Claim
from tests.tools import AXE_JS, require_axe

PAGES = ["/", "/places/", "/places/soledar/", "/claims/", "CLAIM"]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the site's CSP rightly refuses.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(site, page, path):
    require_axe()
    if path == "CLAIM":
        path = Claim.objects.get(claimant__slug="igor-konashenkov").get_absolute_url()
    page.goto(site + path)
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
