"""Which language a request is answered in, the switch that changes it, and records' names in
that language.

Pages have one address per language: English unprefixed, Ukrainian under ``/uk/``, so a shared
link shows what its sender saw. A reader who opens a plain address and prefers Ukrainian (their
choice on the switch, kept in a cookie; failing that, the browser's Accept-Language) is sent to
the ``/uk/`` copy. The API and other data addresses are never redirected: their field names and
codes are the same in every language, and only the words they return (a sentence) follow
Accept-Language.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import trans_real
from django.utils.translation.trans_real import parse_accept_lang_header

# Data, not pages: the same bytes for every reader, at one stable address.
NOT_REDIRECTED = re.compile(r"^/(?:api|feeds|export|suggest|static|admin|language)/|\.atom$")
PREFIXES = {code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
_names: ContextVar[dict | None] = ContextVar("local_names", default=None)
# Distinct messages a language remembers: the interface has about 900; a message made from data
# (there should be none) cannot grow the memo past this.
REMEMBERED_MESSAGES = 4096


def base(language: str | None = None) -> str:
    """The language's base code ("en", "uk"), as the sentence modules are named."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def from_accept_language(request) -> str | None:
    """The first supported language of the request's Accept-Language header, if any."""
    for code, _ in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def preferred(request) -> str:
    """The reader's own choice (the switch's cookie), else their browser's, else English."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        try:
            return translation.get_supported_language_variant(cookie)
        except LookupError:
            pass
    return from_accept_language(request) or settings.LANGUAGE_CODE


@contextmanager
def names_read_once():
    """Read records' names at most once within the block (a request, or a worker remaking one),
    and never keep them past it: what follows may come after a write that renamed something."""
    token = _names.set({})
    try:
        yield
    finally:
        _names.reset(token)


def remember_translations(language: str) -> None:
    """Have ``language``'s catalogue remember each message it translated.

    Django keeps a language's catalogues as a chain (eight for English: each app's, then the
    project's, then Python's fallback) and walks it on every lookup, twice for a message no
    catalogue has, which for English is nearly all of them (~9 µs; a place page makes ~150).
    The catalogues never change while their translation object lives: Django makes a new one when
    a catalogue file or a locale setting changes, and that one starts without a memo."""
    catalogue = trans_real.translation(language)
    if "gettext" in vars(catalogue):
        return
    walk, walk_plural = catalogue.gettext, catalogue.ngettext
    memo = {}

    def gettext(message):
        try:
            return memo[message]
        except KeyError:
            pass
        translated = walk(message)
        # An untranslated message is returned as given: keep only plain strings, so that a safe
        # or lazy one never comes back for another caller's plain message.
        if type(message) is str and type(translated) is str and len(memo) < REMEMBERED_MESSAGES:
            memo[message] = translated
        return translated

    def ngettext(singular, plural, number):
        said = (singular, plural, number)
        try:
            return memo[said]
        except KeyError:
            pass
        translated = walk_plural(singular, plural, number)
        if (
            type(singular) is str
            and type(plural) is str
            and type(number) is int
            and type(translated) is str
            and len(memo) < REMEMBERED_MESSAGES
        ):
            memo[said] = translated
        return translated

    catalogue.gettext, catalogue.ngettext = gettext, ngettext


class LanguageMiddleware:
    """Activates the request's language (see the module's docstring) and sends readers who
    prefer another language from a plain page address to its prefixed copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with names_read_once():
            return self._answer(request)

    def _answer(self, request):
        from_path = translation.get_language_from_path(request.path_info)
        if from_path:
            plain = request.path_info.removeprefix(f"/{from_path}")
            if NOT_REDIRECTED.search(plain):
                # Feeds and downloads have one address, in the data's own words.
                return HttpResponsePermanentRedirect(get_script_prefix() + plain.lstrip("/"))
            language = from_path
        elif request.path_info.startswith("/api/"):
            language = from_accept_language(request) or settings.LANGUAGE_CODE
        else:
            language = settings.LANGUAGE_CODE
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        request.LANGUAGE_CODE = language
        remember_translations(language)
        # Only for this request: the thread's next work (another request, a test, a task) starts
        # from the default again.
        with translation.override(language):
            response = self.get_response(request)
        if not from_path:
            # The same plain address answers differently by cookie and by browser language.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response

    def _redirect(self, request):
        if request.method not in ("GET", "HEAD") or NOT_REDIRECTED.search(request.path_info):
            return None
        wanted = preferred(request)
        if wanted not in PREFIXES:
            return None
        # The prefixed patterns match only while their language is active.
        with translation.override(wanted):
            if not is_valid_path(
                f"/{wanted}{request.path_info}", getattr(request, "urlconf", None)
            ):
                return None
        prefix = get_script_prefix()
        response = HttpResponseRedirect(
            request.get_full_path().replace(prefix, f"{prefix}{wanted}/", 1)
        )
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def switch(request):
    """The language switch: remembers the choice in a cookie and goes to the same page in that
    language. A GET form, so that it works on cached pages without a CSRF token and without
    JavaScript; it changes nothing but the reader's own preference."""
    language = request.GET.get("language", "")
    target = request.GET.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    try:
        language = translation.get_supported_language_variant(language)
    except LookupError:
        return HttpResponseRedirect(target)
    # The address is read in its own language (its prefix), then written in the one chosen.
    with translation.override(translation.get_language_from_path(target) or settings.LANGUAGE_CODE):
        response = HttpResponseRedirect(translate_url(target, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _load(language: str) -> dict:
    from claims.models import ActorName, PlaceName, Side

    kinds = {"official": 0, "transliteration": 1, "occupation": 2}
    places, actors = {}, {}
    # One name per record: official names before transliterations, never a historical one;
    # of two official names the longer (Збройні сили України, not ЗСУ).
    for table, rows in ((places, PlaceName.objects), (actors, ActorName.objects)):
        owner = "place_id" if table is places else "actor_id"
        ranked = sorted(
            (
                (kinds[kind], -len(name), name, owned)
                for owned, name, kind in rows.filter(
                    language=language, kind__in=list(kinds)
                ).values_list(owner, "name", "kind")
            ),
        )
        for _, _, name, owned in ranked:
            table.setdefault(owned, name)
    sides = {}
    if language == "uk":
        sides = dict(Side.objects.exclude(name_uk="").values_list("pk", "name_uk"))
    return {"place": places, "actor": actors, "side": sides}


def local_name_of(table: str, pk: int, name: str, language: str | None = None) -> str:
    """:func:`local_name` from a row's table ("place", "actor", "side"), id and English name."""
    language = base(language)
    if language == "en":
        return name
    kept = _names.get()
    if kept is None:  # outside a request (a command, a worker): nothing to keep names for
        return _load(language)[table].get(pk, name)
    if language not in kept:
        kept[language] = _load(language)
    return kept[language][table].get(pk, name)


def local_name(record, language: str | None = None) -> str:
    """A place's, actor's or side's name in ``language`` (the active one by default) where one
    is recorded, else its English name. Names are read once per request (three queries), and
    only for a language other than English; outside a request, at every call."""
    if record is None:
        return ""
    table = type(record).__name__.lower().removeprefix("historical")
    if table not in ("place", "actor", "side"):
        return record.name
    return local_name_of(table, record.pk, record.name, language)
