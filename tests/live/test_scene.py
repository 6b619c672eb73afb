"""Posted scenes are untrusted: whatever the body, checking it either gives a scene of the
expected shape or refuses it with BadScene, never another error."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from live.scene import BadScene, checked_scene
from tests.live.test_routes import scene

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = list(scene())
STATE_KEYS = list(scene()["state"])


@settings(max_examples=150, deadline=None)
@given(JSON)
def test_any_json_is_a_scene_or_refused(value):
    try:
        checked = checked_scene(value)
    except BadScene:
        return
    assert set(checked) == set(KEYS)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(KEYS + [f"state.{k}" for k in STATE_KEYS]), JSON)
def test_one_field_changed_is_kept_only_if_of_its_type(field, value):
    body = scene()
    if field.startswith("state."):
        body["state"][field[6:]] = value
    else:
        body[field] = value
    try:
        checked = checked_scene(body)
    except BadScene:
        return
    json.dumps(checked)  # followers are sent it as JSON
    assert isinstance(checked["title"], str)
    assert isinstance(checked["quotes"], list)
    assert all(isinstance(q["text"], str) for q in checked["quotes"])
    assert isinstance(checked["state"]["fit"]["move"], str)


def test_the_page_s_own_scene_is_kept_whole():
    assert checked_scene(scene()) == scene()


def test_a_real_scene_state_with_a_comparison_and_marks_reaches_followers_whole(shipped_atlas):
    """What the presenter's page sends (``client_state`` of a scene that compares two years
    and carries a mark) passes the check unchanged: a follower's phone gets the subject to
    fit, both years and the marks."""
    from dataclasses import replace

    from layers.core.records import Mark
    from layers.plan.comparison import Comparison
    from layers.plan.view import scene_options
    from layers.web.steering import client_state

    line = Mark("m1", "line", ((145.817, 43.385), (145.571, 43.713)), "#0072B2", label="<b>x</b>")
    scene = replace(shipped_atlas.scenes[1], compare=(1945, None), marks=(line,))
    options = scene_options(scene)
    assert options.compare == Comparison.of((1945, None))
    state = json.loads(json.dumps(client_state(shipped_atlas.layers, options, "scene:x")))
    checked = checked_scene(scene_body(state))["state"]
    assert checked == state
    assert checked["compare"]["years"] == [1945, None]
    assert checked["marks"][0]["geometry"]["coordinates"] == [[145.817, 43.385], [145.571, 43.713]]
    assert checked["marks"][0]["properties"]["label"] == "<b>x</b>"  # text, as typed
    assert checked["fit"]["subject"] != checked["fit"]["bounds"]


def test_marks_a_follower_is_sent_are_parsed_as_any_reader_s():
    body = scene()
    body["state"]["marks"] = [{"type": "Feature", "geometry": {"type": "Point"}}, "junk"]
    assert checked_scene(body)["state"]["marks"] == []


def scene_body(state: dict) -> dict:
    body = scene()
    body["state"] = state
    return body
