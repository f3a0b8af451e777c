"""Copies remade off the request path: after a write, the worker remakes what readers asked for
about the places it touched, and readers get the copies before it meanwhile, never anyone
else's, never for long, and never when the write rolled back."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from claims import caching as page_caching
from claims import remakes, selectors, services
from claims.choices import Status
from claims.models import Claim, Place
from tests.caching.outage import Down
from tests.factories import in_review
from tests.webhooks.receiver import run_tasks

pytestmark = pytest.mark.django_db

PAGE = "/places/soledar/"
CLAIMS = "/api/v1/claims/?place=soledar"
# Everything about Soledar that readers of the breaking-news benchmark ask for.
SOLEDAR = [PAGE, "/embed/places/soledar/", "/places/soledar/feed.atom", "/api/v1/places/soledar/"]
SOLEDAR.append(CLAIMS)


@pytest.fixture
def claim(demo_data, caching):
    return Claim.objects.get(claimant__slug="isw", place__slug="soledar")


@pytest.fixture
def write(claim, editor, django_capture_on_commit_callbacks):
    """A verdict on Soledar's claim, committed: the hooks run as after a real commit."""

    def commit():
        with django_capture_on_commit_callbacks(execute=True):
            in_review(claim, editor)
        claim.refresh_from_db()

    return commit


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock that copies' ages, the addresses remembered, the cache's lifetimes and
    the worker's bound are read from to ``seconds`` from now, and stops it there."""

    def move(seconds: float) -> None:
        now = time.time() + seconds
        stopped = SimpleNamespace(time=lambda: now)
        for module in (page_caching.copies, remakes, locmem, cache_base):
            monkeypatch.setattr(module, "time", stopped)

    return move


def read(client, urls, **headers) -> dict:
    answers = {}
    for url in urls:
        answers[url] = client.get(url, **headers)
        assert answers[url].status_code == 200, url
    return answers


def status_in(answer, claim) -> str:
    return next(row["status"] for row in answer.json()["results"] if row["id"] == claim.pk)


def queued() -> list:
    """The places of the remakes queued, in the order queued."""
    tasks = DBTaskResult.objects.filter(task_path=remakes.remake_place.module_path)
    return [
        task["args"][0]
        for task in tasks.order_by("enqueued_at").values_list("args_kwargs", flat=True)
    ]


def test_a_write_queues_one_task_for_the_place_readers_asked_about(client, claim, write):
    read(client, SOLEDAR)
    write()
    assert queued() == [claim.place_id]


def test_a_write_about_a_place_nobody_read_queues_nothing(client, claim, write):
    read(client, ["/places/bakhmut/"])
    write()
    assert queued() == []


def test_a_rolled_back_write_queues_nothing(
    client, claim, editor, django_capture_on_commit_callbacks
):
    before = read(client, SOLEDAR)
    with (
        django_capture_on_commit_callbacks(execute=True) as hooks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        in_review(claim, editor)
        raise RuntimeError("the rest of the request failed")
    assert hooks == []
    assert queued() == []
    for url, answer in read(client, SOLEDAR).items():
        assert answer["X-Cache"] == "hit", url
        assert answer.content == before[url].content, url


def test_scheduling_costs_one_insert_and_nothing_when_nobody_read_the_place(
    client, claim, editor, django_capture_on_commit_callbacks, django_assert_num_queries
):
    read(client, SOLEDAR)
    with django_capture_on_commit_callbacks() as hooks:
        in_review(claim, editor)
    # 1. the task's row; which places readers asked about is read from the cache.
    with django_assert_num_queries(1):
        for hook in hooks:
            hook()
    cache.clear()
    with django_assert_num_queries(0):
        for hook in hooks:
            hook()


def test_until_the_worker_remakes_them_readers_get_the_copies_before_the_write(
    client, claim, write, django_assert_num_queries
):
    before = read(client, SOLEDAR)
    write()
    for url in SOLEDAR:
        # The place's version only: nothing is made in the reader's request.
        with django_assert_num_queries(1):
            answer = client.get(url)
        assert answer["X-Cache"] == "stale", url
        assert answer.content == before[url].content, url
    # An API answer keeps the validators it was made under.
    assert client.get(CLAIMS)["ETag"] == before[CLAIMS]["ETag"]


def test_the_worker_makes_exactly_what_the_reader_would_have_made(client, claim, write, settings):
    read(client, SOLEDAR)
    write()
    assert run_tasks() == 1
    remade = read(client, SOLEDAR)
    for url, answer in remade.items():
        assert answer["X-Cache"] == "hit", url
    assert b"In review" in remade[PAGE].content
    assert status_in(remade[CLAIMS], claim) == Status.IN_REVIEW
    settings.API_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS = 0
    fresh = read(client, SOLEDAR)
    for url, answer in fresh.items():
        assert answer.content == remade[url].content, url
        assert answer["Content-Type"] == remade[url]["Content-Type"], url
    assert fresh[CLAIMS]["ETag"] == remade[CLAIMS]["ETag"]


def test_each_language_is_remade_in_its_own_words(client, api_client, claim, write):
    ukrainian_page = "/uk/places/soledar/"
    place = "/api/v1/places/soledar/"
    read(client, [PAGE, ukrainian_page])
    read(api_client, [place])
    read(api_client, [place], HTTP_ACCEPT_LANGUAGE="uk")
    write()
    run_tasks()
    english, ukrainian = client.get(PAGE), client.get(ukrainian_page)
    assert (english["X-Cache"], ukrainian["X-Cache"]) == ("hit", "hit")
    assert b'lang="en-gb"' in english.content and b"In review" in english.content
    assert b'lang="uk"' in ukrainian.content and "Соледар" in ukrainian.content.decode()
    sentence = api_client.get(place).json()["sentence"]
    ukrainian_sentence = api_client.get(place, HTTP_ACCEPT_LANGUAGE="uk")
    assert ukrainian_sentence["X-Cache"] == "hit"
    assert ukrainian_sentence.json()["sentence"] != sentence
    assert "Соледар" in ukrainian_sentence.json()["sentence"]


def test_a_language_nobody_asked_for_is_not_made_and_never_served_another(api_client, claim, write):
    place = "/api/v1/places/soledar/"
    english = read(api_client, [place])[place].json()["sentence"]
    write()
    assert api_client.get(place)["X-Cache"] == "stale"
    # The same address: no Ukrainian copy was ever made, so it is made in the request.
    ukrainian = api_client.get(place, HTTP_ACCEPT_LANGUAGE="uk")
    assert ukrainian["X-Cache"] == "miss"
    assert ukrainian.json()["sentence"] != english
    assert "Соледар" in ukrainian.json()["sentence"]


def test_signed_in_readers_are_never_remembered_nor_served_the_copy_before_a_write(
    client, api_client, claim, write, editor, token_for
):
    client.force_login(editor)
    token = token_for(editor)
    read(client, SOLEDAR)
    read(token, [CLAIMS])
    assert page_caching.wanted([claim.place_id]) == {}
    client.logout()
    read(client, SOLEDAR)
    write()
    assert client.get(PAGE)["X-Cache"] == "stale"
    # Whoever has just written reads what they wrote.
    own = token.get(CLAIMS)
    assert own["X-Cache"] == "miss"
    assert status_in(own, claim) == Status.IN_REVIEW
    client.force_login(editor)
    page = client.get(PAGE)
    assert b"Log out editor" in page.content and b"In review" in page.content
    client.logout()
    run_tasks()
    assert b"Log out editor" not in client.get(PAGE).content


def test_each_host_a_reader_used_is_remade_under_it(client, claim, write):
    read(client, [CLAIMS])
    read(client, [CLAIMS], HTTP_HOST="localhost")
    write()
    run_tasks()
    there = client.get(CLAIMS, HTTP_HOST="localhost")
    assert there["X-Cache"] == "hit"
    assert there.json()["results"][0]["url"].startswith("http://localhost/")
    assert client.get(CLAIMS)["X-Cache"] == "hit"


def test_without_a_worker_readers_make_the_copies_once_the_write_is_older_than_the_bound(
    client, claim, write, clock
):
    read(client, SOLEDAR)
    write()
    # No worker came: the copies are young, but the marker of the write has expired.
    clock(page_caching.STALE_SECONDS + 1)
    page = client.get(PAGE)
    assert page["X-Cache"] == "miss"
    assert b"In review" in page.content
    # A worker that comes late leaves them to readers and changes nothing.
    assert run_tasks() == 1
    assert DBTaskResult.objects.get().return_value == 0
    assert client.get(PAGE).content == page.content


def test_a_place_read_rarely_gets_the_copy_before_the_write_however_old_it_is(
    client, claim, write, clock, settings
):
    settings.API_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS = 7200
    clock(-3600)
    before = read(client, SOLEDAR)
    clock(0)
    write()
    for url in SOLEDAR:
        answer = client.get(url)
        assert answer["X-Cache"] == "stale", url
        assert answer.content == before[url].content, url


def test_a_copy_several_writes_old_is_never_served(client, claim, write, monkeypatch):
    read(client, SOLEDAR)
    write()
    write()
    for url in SOLEDAR:
        answer = client.get(url)
        assert answer["X-Cache"] == "miss", url
    assert b"In review" in client.get(PAGE).content


def test_while_another_request_makes_it_no_copy_older_than_the_previous_version_is_served(
    client, claim, write, monkeypatch
):
    read(client, SOLEDAR)
    write()
    write()
    # Another request holds each lock, making the copy after the second write.
    monkeypatch.setattr(page_caching.copies, "add", lambda *args: False)
    for url in SOLEDAR:
        assert client.get(url)["X-Cache"] == "miss", url


def test_while_another_request_makes_a_page_across_places_an_old_copy_is_not_served(
    client, claim, write, monkeypatch, clock, settings
):
    settings.PAGE_CACHE_SECONDS = 3600
    clock(-60)
    read(client, ["/claims/"])
    clock(0)
    write()
    monkeypatch.setattr(page_caching.copies, "add", lambda *args: False)
    assert client.get("/claims/")["X-Cache"] == "miss"


def test_a_copy_the_worker_fails_to_make_is_left_to_readers(
    client, claim, write, monkeypatch, clock
):
    read(client, SOLEDAR)
    write()

    def broken(*args, **kwargs):
        raise RuntimeError("the page's selector failed")

    monkeypatch.setattr(selectors, "place_page", broken)
    assert run_tasks() == 1
    task = DBTaskResult.objects.get(task_path=remakes.remake_place.module_path)
    assert task.status == "SUCCESSFUL"
    assert task.return_value == len(SOLEDAR)
    assert client.get(CLAIMS)["X-Cache"] == "hit"
    assert client.get(PAGE)["X-Cache"] == "stale"
    monkeypatch.undo()
    clock(page_caching.STALE_SECONDS + 1)
    page = client.get(PAGE)
    assert page["X-Cache"] == "miss"
    assert b"In review" in page.content


def test_a_cache_outage_schedules_nothing_and_fails_no_write(client, claim, write, monkeypatch):
    read(client, SOLEDAR)

    monkeypatch.setattr(page_caching.shared, "cache", Down())
    write()
    assert queued() == []
    assert claim.status == Status.IN_REVIEW


def test_finished_tasks_are_forgotten_after_an_hour(client, claim, write):
    read(client, SOLEDAR)
    write()
    run_tasks()
    old = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=old.pk).update(
        finished_at=old.finished_at - remakes.KEEP_TASK_ROWS * 2
    )
    write()
    run_tasks()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) != [old.pk]
    assert DBTaskResult.objects.count() == 1


@pytest.fixture
def bakhmut(claim):
    """The demo data's Bakhmut: another place, read by readers too."""
    return Place.objects.get(slug="bakhmut")


def wanted_urls(claim) -> set[str]:
    return {url for url, _, _ in page_caching.wanted([claim.place_id]).get(claim.place_id, [])}


def test_one_off_addresses_never_crowd_out_the_place_s_own(client, claim, write):
    read(client, SOLEDAR)
    resume = client.get(CLAIMS).json()["cursor"]
    one_offs = [f"{CLAIMS}&cursor={resume}", f"{PAGE}?x=1", f"{PAGE}?place=soledar"]
    read(client, one_offs)
    dates = [f"{PAGE}?as_of=2023-01-{day:02}" for day in range(1, 29)]
    read(client, dates)
    remembered = wanted_urls(claim)
    assert len(remembered) == page_caching.WANTED_PER_PLACE
    assert {f"http://testserver{url}" for url in SOLEDAR} <= remembered
    assert not {f"http://testserver{url}" for url in one_offs} & remembered


def test_an_address_read_only_from_the_cache_stays_wanted(client, claim, write, clock):
    read(client, [PAGE])
    clock(40)
    assert client.get(PAGE)["X-Cache"] == "hit"
    # Past the lifetime of the reader's own ask, within that of the hit's.
    clock(70)
    assert wanted_urls(claim) == {f"http://testserver{PAGE}"}
    write()
    assert queued() == [claim.place_id]


def test_a_write_queues_a_task_per_place_the_most_recently_asked_first(
    client, claim, bakhmut, monkeypatch, django_capture_on_commit_callbacks
):
    read(client, ["/places/bakhmut/", PAGE])
    monkeypatch.setattr(remakes, "MOST_PLACES", 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.touch_places([bakhmut.pk, claim.place_id])
    assert queued() == [claim.place_id]


def test_a_place_touched_twice_in_one_write_is_remade_once_from_the_copy_before_it(
    client, claim, bakhmut, django_capture_on_commit_callbacks
):
    before = read(client, [PAGE, "/places/bakhmut/"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.touch_places([claim.place_id])
        services.touch_places([claim.place_id, bakhmut.pk])
    assert sorted(queued()) == sorted([claim.place_id, bakhmut.pk])
    page = client.get(PAGE)
    assert page["X-Cache"] == "stale"
    assert page.content == before[PAGE].content


def test_a_rolled_back_savepoint_queues_nothing_for_what_it_touched(
    client, claim, bakhmut, editor, django_capture_on_commit_callbacks
):
    read(client, [PAGE, "/places/bakhmut/"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.touch_places([claim.place_id])
        with pytest.raises(RuntimeError), transaction.atomic():
            services.touch_places([bakhmut.pk])
            raise RuntimeError("this part failed")
        in_review(claim, editor)
    assert queued() == [claim.place_id]
    assert client.get("/places/bakhmut/")["X-Cache"] == "hit"


def test_under_a_prefix_the_worker_remakes_what_readers_asked_for(client, claim, write):
    client.get(PAGE, SCRIPT_NAME="/claimtracker")
    write()
    run_tasks()
    page = client.get(PAGE, SCRIPT_NAME="/claimtracker")
    assert page["X-Cache"] == "hit"
    assert b'href="/claimtracker/' in page.content
