"""Choosing the language: Ukrainian pages under /uk/, the browser's language on a first visit,
the switch remembered in a cookie, cached copies kept apart per language, and an API whose
fields never change with the language while its sentences follow Accept-Language."""

import pytest
from django.conf import settings

from claims.models import Claim
from tests.responses import read_through

SOLEDAR = "/places/soledar/"
UK_SOLEDAR = "/uk/places/soledar/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def is_ukrainian(response) -> bool:
    return '<html lang="uk">' in response.content.decode()


def is_english(response) -> bool:
    return '<html lang="en-gb">' in response.content.decode()


pytestmark = pytest.mark.django_db


class TestAddresses:
    def test_plain_addresses_are_english_and_uk_addresses_ukrainian(self, client, demo_data):
        assert is_english(client.get(SOLEDAR))
        response = client.get(UK_SOLEDAR)
        assert is_ukrainian(response)
        assert response["Content-Language"] == "uk"
        assert "Хто заявляє про контроль" in response.content.decode()

    def test_a_ukrainian_browser_is_sent_to_the_ukrainian_page_with_its_query(
        self, client, demo_data
    ):
        response = client.get(
            SOLEDAR, {"as_of": "2023-01-11"}, HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9"
        )
        assert response.status_code == 302
        assert response["Location"] == "/uk/places/soledar/?as_of=2023-01-11"
        assert "Accept-Language" in response["Vary"]

    def test_an_english_browser_stays_on_the_plain_page(self, client, demo_data):
        response = client.get(SOLEDAR, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,uk;q=0.5")
        assert response.status_code == 200
        assert is_english(response)

    def test_a_shared_ukrainian_link_opens_in_ukrainian_for_anyone(self, client, demo_data):
        response = client.get(UK_SOLEDAR, HTTP_ACCEPT_LANGUAGE="en-US")
        assert is_ukrainian(response)

    def test_data_addresses_are_never_redirected(self, client, demo_data):
        for path in ("/api/v1/places/soledar/", "/export/claims.csv", "/feeds/claims.atom"):
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="uk")
            read_through(response)
            assert response.status_code == 200, path

    def test_forms_post_to_their_own_language(self, client, demo_data):
        response = client.post("/accounts/login/", HTTP_ACCEPT_LANGUAGE="uk")
        assert response.status_code == 200


class TestSwitch:
    def test_every_page_has_the_switch(self, client, demo_data):
        for path in ("/", SOLEDAR, "/uk/claims/", "/accounts/login/", "/no-such-page/"):
            body = client.get(path).content.decode()
            assert 'action="/language/"' in body, path
            assert 'name="language" value="uk"' in body, path

    def test_choosing_ukrainian_goes_to_the_same_page_and_is_remembered(self, client, demo_data):
        response = client.get("/language/", {"language": "uk", "next": "/places/soledar/?x=1"})
        assert response.status_code == 302
        assert response["Location"] == "/uk/places/soledar/?x=1"
        assert response.cookies[COOKIE].value == "uk"
        # Later, a plain link (as an English colleague shares it) opens in Ukrainian.
        assert client.get("/claims/")["Location"] == "/uk/claims/"

    def test_choosing_english_over_a_ukrainian_browser_is_remembered(self, client, demo_data):
        response = client.get("/language/", {"language": "en-gb", "next": UK_SOLEDAR})
        assert response["Location"] == SOLEDAR
        page = client.get(SOLEDAR, HTTP_ACCEPT_LANGUAGE="uk")
        assert page.status_code == 200
        assert is_english(page)

    def test_the_switch_never_leaves_the_site(self, client, demo_data):
        response = client.get("/language/", {"language": "uk", "next": "https://evil.example/"})
        assert response["Location"] == "/uk/"
        unknown = client.get("/language/", {"language": "xx", "next": SOLEDAR})
        assert unknown["Location"] == SOLEDAR
        assert COOKIE not in unknown.cookies


class TestCacheSeparation:
    def test_a_ukrainian_reader_never_gets_the_english_copy_or_the_reverse(
        self, client, demo_data, caching
    ):
        assert is_english(client.get(SOLEDAR))
        assert is_ukrainian(client.get(UK_SOLEDAR))
        # Both copies are now cached; each reader still gets their own.
        assert is_english(client.get(SOLEDAR))
        assert is_ukrainian(client.get(UK_SOLEDAR))
        assert client.get(SOLEDAR, HTTP_ACCEPT_LANGUAGE="uk").status_code == 302
        client.cookies[COOKIE] = "uk"
        assert client.get(SOLEDAR)["Location"] == UK_SOLEDAR
        client.cookies[COOKIE] = "en-gb"
        assert is_english(client.get(SOLEDAR, HTTP_ACCEPT_LANGUAGE="uk"))

    def test_api_answers_are_kept_per_language(self, api_client, demo_data, caching):
        path = "/api/v1/places/soledar/"
        english = api_client.get(path)
        ukrainian = api_client.get(path, HTTP_ACCEPT_LANGUAGE="uk")
        again = api_client.get(path)
        assert english.json()["sentence"] == again.json()["sentence"]
        assert "Соледар" in ukrainian.json()["sentence"]
        assert "Soledar" in again.json()["sentence"]
        assert english["ETag"] != ukrainian["ETag"]
        assert "Accept-Language" in english["Vary"]


class TestApi:
    def test_fields_and_codes_do_not_change_with_the_language(self, api_client, demo_data):
        claim = Claim.objects.get(claimant__slug="igor-konashenkov")
        for path in (f"/api/v1/claims/{claim.pk}/", "/api/v1/places/soledar/"):
            english = api_client.get(path).json()
            ukrainian = api_client.get(path, HTTP_ACCEPT_LANGUAGE="uk").json()
            english.pop("sentence"), ukrainian.pop("sentence")
            assert english == ukrainian

    def test_the_sentence_follows_accept_language(self, api_client, demo_data):
        claim = Claim.objects.get(claimant__slug="igor-konashenkov")
        path = f"/api/v1/claims/{claim.pk}/"
        assert api_client.get(path).json()["sentence"].startswith("Igor Konashenkov")
        ukrainian = api_client.get(path, HTTP_ACCEPT_LANGUAGE="uk").json()["sentence"]
        assert ukrainian.startswith("Ігор Конашенков")

    def test_errors_keep_their_field_names(self, api_client, demo_data):
        response = api_client.get("/api/v1/claims/", {"bogus": "1"}, HTTP_ACCEPT_LANGUAGE="uk")
        assert response.status_code == 400
        assert "bogus" in response.content.decode()


class TestNames:
    def test_ukrainian_pages_show_ukrainian_names_with_english_fallback(self, client, demo_data):
        body = client.get(UK_SOLEDAR).content.decode()
        assert "<h1>Соледар</h1>" in body
        assert "Росія" in body and "Україна" in body
        assert "Ігор Конашенков" in body

    def test_dates_are_formatted_for_the_locale(self, client, demo_data):
        body = client.get(UK_SOLEDAR).content.decode()
        assert "13 січня 2023" in body


class TestRememberedTranslations:
    """Each language's catalogue remembers what it translated (claims.languages): the same words,
    and never a safe string handed back for a caller's plain one."""

    @pytest.fixture(autouse=True)
    def fresh_catalogues(self):
        from django.utils.translation import trans_real

        kept = trans_real._translations
        trans_real._translations = {}
        yield
        trans_real._translations = kept

    def test_the_same_words_in_each_language(self):
        from django.utils import translation

        from claims.languages import remember_translations

        messages = ("Third parties", "no such message, left as it is")

        def words():
            return [translation.gettext(m) for m in messages] + [
                translation.ngettext("%(count)d claim", "%(count)d claims", n) % {"count": n}
                for n in (1, 2, 5, 21)
            ]

        for language in ("en-gb", "uk"):
            with translation.override(language):
                plain = words()
                remember_translations(language)
                assert words() == plain
                assert words() == plain
        with translation.override("uk"):
            assert words() == [
                "Треті сторони",
                "no such message, left as it is",
                "1 заяву",
                "2 заяви",
                "5 заяв",
                "21 заяву",
            ]

    def test_a_safe_message_never_makes_a_plain_one_safe(self):
        from django.utils import translation
        from django.utils.safestring import SafeData, mark_safe

        from claims.languages import remember_translations

        remember_translations("en-gb")
        with translation.override("en-gb"):
            assert isinstance(translation.gettext(mark_safe("<b>not a message</b>")), SafeData)
            assert not isinstance(translation.gettext("<b>not a message</b>"), SafeData)
            assert isinstance(translation.gettext(mark_safe("<b>not a message</b>")), SafeData)

    def test_a_new_catalogue_starts_without_the_memo(self):
        from django.utils.translation import trans_real

        from claims.languages import remember_translations

        remember_translations("uk")
        assert "gettext" in vars(trans_real.translation("uk"))
        trans_real._translations = {}
        assert "gettext" not in vars(trans_real.translation("uk"))
