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
