"""What an editor posts on the desk: a logged-in client, a verdict, a claim's edit form, the
extraction review form as the browser submits it."""

from html.parser import HTMLParser

from django.urls import reverse

from claims.choices import Status


def login(client, user):
    client.force_login(user)
    return client


def verify(client, claim, version=None, **data):
    payload = {
        "version": version if version is not None else claim.version,
        "status": Status.DISPUTED,
        "rationale": "CNN saw Ukrainian troops in the town.",
        "evidence_source_kind": "article",
    }
    payload.update(data)
    return client.post(reverse("claims:claim_verify", args=[claim.pk]), payload)


def edit_payload(claim, **overrides):
    data = {
        "version": claim.version,
        "place": claim.place.slug,
        "claimant": claim.claimant.slug,
        "verb": claim.verb,
        "side": claim.side.slug if claim.side else "",
        "stated_at": claim.stated_at.strftime("%Y-%m-%dT%H:%M"),
        "stated_precision": claim.stated_precision,
        "effective_at": claim.effective_at.strftime("%Y-%m-%dT%H:%M"),
        "effective_precision": claim.effective_precision,
        "quote": claim.quote,
        "language": claim.language,
        "summary": claim.summary,
        "answers": claim.answers_id or "",
        "reason": "Edited",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def citation_rows(claim):
    data = {}
    citations = list(claim.citations.select_related("source"))
    for i, c in enumerate(citations):
        data.update(
            {
                f"citations-{i}-source": c.source_id,
                f"citations-{i}-url": c.source.url,
                f"citations-{i}-title": c.source.title,
                f"citations-{i}-locator": c.locator,
                f"citations-{i}-excerpt": c.excerpt,
            }
        )
    data["citations-TOTAL_FORMS"] = str(len(citations))
    return data


def edit(client, claim, **overrides):
    payload = {**edit_payload(claim), **citation_rows(claim), **overrides}
    return client.post(reverse("claims:claim_edit", args=[claim.pk]), payload)


def review_data(response) -> dict:
    """The review form as the browser would submit it untouched."""
    data = {}
    for name, value in _inputs(response.content.decode()):
        data[name] = value
    return data


def _inputs(html):
    found = []

    class Inputs(HTMLParser):
        field = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("name"):
                if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                    return
                found.append((attrs["name"], attrs.get("value", "")))
            elif tag == "textarea":
                self.field = attrs["name"]
                found.append((self.field, ""))
            elif tag == "select":
                self.field = ("select", attrs["name"])
            elif tag == "option" and isinstance(self.field, tuple) and "selected" in attrs:
                found.append((self.field[1], attrs.get("value", "")))

        def handle_data(self, data):
            if isinstance(self.field, str):
                name, value = found[-1]
                found[-1] = (name, value + data)

        def handle_endtag(self, tag):
            if tag in ("textarea", "select"):
                self.field = None

    Inputs().feed(html)
    return found
