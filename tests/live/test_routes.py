"""The class session's routes: the follower page, the state (ETag), the events, and
publishing, which only the presenter's secret may do, within a body limit."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from layers.core.paths import GEODATA_DIR
from live.hub import Hub
from live.routes import ENDED_TEXT, middleware, routes
from live.scene import MAX_BODY
from live.store import MemoryStore

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>&amp;'


def scene(title: str = "A dispute frozen since 1945") -> dict:
    return {
        "state": {
            "layers": ["disputed"],
            "year": None,
            "labels": True,
            "distances": False,
            "lang": "en",
            "highlight": [["disputed", "etorofu"]],
            "title": title,
            "sources": "GSHHG",
            "tiles": None,
            "focus": None,
            "fit": {
                "bounds": [[43.0, 145.0], [46.0, 149.0]],
                "subject": [[44.0, 146.0], [45.5, 148.0]],
                "narrow": 640,
                "move": "scene:x",
            },
            "place": {"min": 4, "step": 0.5, "labels": {}},
            "compare": None,
            "marks": [],
            "version": "abc",
        },
        "title": title,
        "caption": "A caption.",
        "quotes": [{"text": "Quoted.", "paragraph": 3}],
        "number": 1,
        "count": 7,
        "tour_title": "",
    }


@pytest.fixture
def client():
    store = MemoryStore()
    app = Starlette(routes=routes(store), middleware=middleware(store))
    with TestClient(app) as test_client:
        test_client.store = store
        yield test_client


def publish(client, code, body, secret=None):
    headers = {"X-Class-Secret": secret} if secret is not None else {}
    return client.post(f"/follow/{code}/publish", content=json.dumps(body), headers=headers)


def test_follower_page_for_a_session_and_a_clear_page_for_an_unknown_code(client):
    code, _ = client.store.create()
    page = client.get(f"/?follow={code.lower()}")
    assert page.status_code == 200
    assert "Explore on my own" in page.text
    assert "Follow the presenter" in page.text
    assert "max-age" in page.headers["cache-control"]
    assert page.headers["content-encoding"] == "gzip"
    for wrong in ("ZZZZ22", "x", "<script>"):
        answer = client.get("/", params={"follow": wrong})
        assert answer.status_code == 404
        assert "This class session has ended or the code is wrong" in answer.text
        assert "<script>" not in answer.text
    assert client.get("/follow/ZZZZ22/state").json()["message"] == ENDED_TEXT


def test_wrong_or_missing_secret_is_refused_and_changes_nothing(client):
    code, secret = client.store.create()
    assert publish(client, code, {"scene": scene("Mine")}, secret).status_code == 200
    assert publish(client, code, {"scene": scene("Theirs")}).status_code == 403
    assert publish(client, code, {"scene": scene("Theirs")}, "guess").status_code == 403
    assert publish(client, code, {"card": True}, secret[:-1]).status_code == 403
    assert client.post(f"/follow/{code}/end").status_code == 403
    state = client.get(f"/follow/{code}/state").json()
    assert (state["seq"], state["scene"]["title"], state["card"]) == (1, "Mine", False)
    assert publish(client, "ZZZZ22", {"card": True}, secret).status_code == 404


def test_bodies_are_limited_and_checked(client):
    code, secret = client.store.create()
    big = {"scene": scene("x" * (MAX_BODY + 1))}
    assert publish(client, code, big, secret).status_code == 400
    assert publish(client, code, {"card": "yes"}, secret).status_code == 400
    assert publish(client, code, {"scene": {"title": "no state"}}, secret).status_code == 400
    answer = client.post(
        f"/follow/{code}/publish", content=b"{not json", headers={"X-Class-Secret": secret}
    )
    assert answer.status_code == 400
    assert client.get(f"/follow/{code}/state").json()["seq"] == 0


def test_hostile_text_is_kept_as_text_for_the_page_to_show_literally(client):
    code, secret = client.store.create()
    assert publish(client, code, {"scene": scene(HOSTILE)}, secret).status_code == 200
    assert client.get(f"/follow/{code}/state").json()["scene"]["title"] == HOSTILE
    script = client.get("/follow/assets/follow.js").text
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "textContent" in script


def test_state_has_an_etag_and_answers_304_while_unchanged(client):
    code, secret = client.store.create()
    first = client.get(f"/follow/{code}/state")
    again = client.get(f"/follow/{code}/state", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    publish(client, code, {"card": True}, secret)
    changed = client.get(f"/follow/{code}/state", headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200
    assert changed.json()["card"] is True


def test_the_end_ends_it_for_followers(client):
    code, secret = client.store.create()
    assert client.post(f"/follow/{code}/end", headers={"X-Class-Secret": secret}).json() == {
        "ended": True
    }
    assert client.get(f"/follow/{code}/state").status_code == 404
    assert client.get(f"/?follow={code}").status_code == 404


def test_events_start_with_the_current_state(client):
    code, secret = client.store.create()
    publish(client, code, {"scene": scene("Now")}, secret)
    with client.stream("GET", f"/follow/{code}/events") as events:
        assert events.headers["content-type"].startswith("text/event-stream")
        text = ""
        for chunk in events.iter_text():
            text += chunk
            if "\n\n" in text.split("event: state", 1)[-1]:
                break
    data = next(line for line in text.splitlines() if line.startswith("data: "))
    assert json.loads(data[6:])["scene"]["title"] == "Now"
    assert "id: 1" in text


def test_the_map_is_the_atlas_map_gzipped_under_a_megabyte(client):
    answer = client.get("/follow/assets/map.html", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert int(answer.headers["content-length"]) < 1_000_000  # bytes on the wire
    assert "atlas.steer" in answer.text
    assert "atlas.presenterMap" in answer.text
    assert GEODATA_DIR.is_dir()


def test_a_session_that_idles_out_ends_its_followers_streams():
    async def follow() -> list[bytes]:
        store = MemoryStore(idle_s=0.3)
        code, _ = store.create()
        hub = Hub(store, watch_s=0.01)
        events = []
        async for event in hub.stream(code):
            events.append(event)
        return events

    # On a thread of its own: a sync Playwright test earlier in this process leaves an event
    # loop running on the main thread, where asyncio.run would refuse to start.
    with ThreadPoolExecutor(max_workers=1) as thread:
        events = thread.submit(lambda: asyncio.run(asyncio.wait_for(follow(), 10))).result()
    assert events[-1] == b"event: ended\ndata: {}\n\n"
    assert any(b"event: state" in event for event in events)
