"""Class sessions: codes people can read aloud, only the secret publishes, the last state
is kept, idle and ended sessions are over; the folder store is shared by processes."""

from __future__ import annotations

import json
import time

import pytest

from live.store import DirStore, MemoryStore, Refused, Unknown, valid_code

SCENE = {"title": "A dispute frozen since 1945"}


@pytest.fixture(params=["memory", "folder"])
def store(request, tmp_path):
    return MemoryStore() if request.param == "memory" else DirStore(tmp_path / "sessions")


def test_codes_are_short_and_unambiguous(store):
    codes = {store.create()[0] for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert 4 <= len(code) <= 8
        assert code.isascii()
        assert code.isalnum()
        assert code.upper() == code
        assert not set(code) & set("0O1I")


def test_only_the_secret_publishes_and_the_last_state_is_kept(store):
    code, secret = store.create()
    assert store.public(code) == {"code": code, "seq": 0, "scene": None, "card": False}
    with pytest.raises(Refused):
        store.publish(code, "not-the-secret", SCENE)
    with pytest.raises(Refused):
        store.publish(code, "", SCENE)
    assert store.publish(code, secret, SCENE) == 1
    assert store.publish(code, secret, card=True) == 2  # the card alone keeps the scene
    assert store.public(code) == {"code": code, "seq": 2, "scene": SCENE, "card": True}


def test_an_ended_or_idle_session_is_over(store, tmp_path):
    code, secret = store.create()
    with pytest.raises(Refused):
        store.end(code, "guess")
    store.end(code, secret)
    assert store.public(code) is None
    with pytest.raises(Unknown):
        store.publish(code, secret, SCENE)
    idle = MemoryStore(idle_s=0.05)
    code, secret = idle.create()
    time.sleep(0.1)
    assert idle.public(code) is None
    assert store.public("ZZZZ22") is None


def test_the_folder_is_shared_and_keeps_no_secret(tmp_path):
    one, two = DirStore(tmp_path), DirStore(tmp_path)  # two replicas
    code, secret = one.create()
    version = two.version(code)
    one.publish(code, secret, SCENE)
    assert two.version(code) != version
    assert two.public(code)["scene"] == SCENE
    text = (tmp_path / f"{code}.json").read_text("utf-8")
    assert secret not in text
    assert json.loads(text)["code"] == code
    assert [p.name for p in tmp_path.iterdir()] == [f"{code}.json"]  # no temporary left


def test_a_code_is_typed_any_case_and_names_nothing_else():
    assert valid_code(" abcd23 ") == "ABCD23"
    for bad in ("", "ABC", "ABCDEFGHJ", "AB0D", "../../etc/passwd", "ABCD.json", "ÄBCD"):
        assert valid_code(bad) is None
    with pytest.raises(Unknown):
        DirStore.__new__(DirStore)._path("../x")
