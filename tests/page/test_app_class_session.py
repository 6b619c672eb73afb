"""The presenter's class session under AppTest: the button gives a class code, each scene
shown is published to this process's store (with its content), and ending it ends it."""

from __future__ import annotations

import json
import re

from layers.core.paths import GEODATA_DIR
from live.store import the_store

SCENES = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))["scenes"]


def test_start_publish_each_scene_and_end(new_app_test):
    at = new_app_test()
    at.query_params["scene"] = SCENES[0]["id"]
    at.run()
    assert [b.label for b in at.button if b.key == "class_start"] == ["Start a class session"]
    at.button(key="class_start").click().run()
    assert not at.exception
    line = next(m.value for m in at.markdown if "Class code:" in m.value)
    code = re.search(r"Class code: <strong>([A-Z2-9]{4,8})</strong>", line).group(1)
    assert not set(code) & set("01OI")
    shown = the_store().public(code)
    assert shown["scene"]["title"] == SCENES[0]["title"]
    assert shown["scene"]["quotes"][0]["text"] == SCENES[0]["quotes"][0]["quote"]
    assert (shown["scene"]["number"], shown["scene"]["count"]) == (1, len(SCENES))
    assert any("?follow=" + code in c.value for c in at.caption)
    secret = at.session_state["class_session"]["secret"]
    assert secret not in json.dumps(the_store().public(code))

    at.button(key="next").click().run()
    assert the_store().public(code)["scene"]["title"] == SCENES[1]["title"]
    seq = the_store().public(code)["seq"]
    at.run()  # a rerun without a change publishes nothing new
    assert the_store().public(code)["seq"] == seq

    at.button(key="class_end").click().run()
    assert the_store().public(code) is None
    assert [b.key for b in at.button if b.key == "class_start"] == ["class_start"]
