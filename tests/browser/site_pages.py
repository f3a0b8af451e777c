"""Every page of the site, by who sees it: the phone, accessibility and screenshot checks share
this list, so a page added here is checked everywhere."""

from claims.models import Actor, Claim, Source


def public_pages() -> list[str]:
    """Pages anyone may open, on the demo data."""
    claim = Claim.objects.get(claimant__slug="igor-konashenkov")
    return [
        "/",
        "/places/",
        "/places/?q=Соледар",
        "/places/soledar/",
        "/places/soledar/?as_of=2023-01-11",
        "/places/soledar/?all=1",  # every fold in the page and open
        "/claims/",
        "/claims/?place=soledar&side=russia",
        claim.get_absolute_url(),
        "/actors/",
        Actor.objects.get(slug="cnn").get_absolute_url(),
        Source.objects.order_by("pk").first().get_absolute_url(),
        "/search/?q=Bachmut",
        "/embed/places/soledar/",
        "/accounts/login/",
        "/no-such-page/",
    ]


def ukrainian_pages() -> list[str]:
    """The public pages in Ukrainian, whose words run longer than the English ones."""
    return [f"/uk{path}" for path in public_pages()]


def desk_pages() -> list[str]:
    """Pages only editors open."""
    claim = Claim.objects.get(claimant__slug="isw", place__slug="soledar")
    return [
        "/review/",
        "/account/",
        f"/claims/{claim.pk}/verify/",
        f"/claims/{claim.pk}/edit/",
        "/claims/new/",
        "/places/new/",
        "/places/soledar/edit/",
        "/places/soledar/names/",
        "/actors/new/",
        "/actors/isw/names/",
        "/sources/new/",
        "/sides/",
        "/claims/extract/",
        "/accounts/password_change/",
    ]
