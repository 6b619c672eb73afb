"""The page keeps the marks the map reports (parsed as untrusted), hands them to the map's
state and the exports, and offers them as "Download my marks"; any junk from the browser
gives no traceback."""

from __future__ import annotations

import json

import pytest

from page import map_component

LINE = {
    "type": "Feature",
    "properties": {"kind": "line", "label": "<script>alert(1)</script>", "color": "#0072B2"},
    "geometry": {"type": "LineString", "coordinates": [[145.817, 43.385], [145.571, 43.713]]},
}


def reporting(monkeypatch, drawings) -> None:
    bounds = {"_southWest": {"lat": 43, "lng": 145}, "_northEast": {"lat": 44, "lng": 146.5}}
    monkeypatch.setattr(
        map_component,
        "_component_func",
        lambda **kwargs: {"bounds": bounds, "all_drawings": drawings},
    )


def test_reported_marks_reach_the_session_and_the_exports(monkeypatch, new_app_test):
    reporting(monkeypatch, [LINE])
    at = new_app_test().run()
    assert not at.exception
    (mark,) = at.session_state.marks
    assert mark.label == "<script>alert(1)</script>"
    assert at.session_state.on_screen["options"].marks == (mark,)
    at.run()  # the next run's state for the map carries them
    assert at.session_state.on_screen["options"].marks == (mark,)


@pytest.mark.parametrize(
    "junk", [{"a": 1}, "x", [None, 1, "s"], [dict(LINE, geometry={"type": "Point"})], 7]
)
def test_junk_from_the_browser_gives_no_traceback(monkeypatch, new_app_test, junk):
    reporting(monkeypatch, junk)
    at = new_app_test().run()
    assert not at.exception
    assert "marks" not in at.session_state or at.session_state.marks == ()


def test_download_my_marks_is_rfc7946(monkeypatch, new_app_test):
    from page.exports import marks_now

    reporting(monkeypatch, [LINE])
    at = new_app_test().run()
    document = json.loads(marks_now(at.session_state.on_screen))
    assert document["type"] == "FeatureCollection"
    assert document["features"][0]["properties"]["label"] == "<script>alert(1)</script>"
    assert "crs" not in document


def test_a_scene_saved_from_the_view_keeps_its_marks(monkeypatch, new_app_test):
    reporting(monkeypatch, [LINE])
    at = new_app_test().run()
    at.button(key="start_empty").click().run()
    at.button(key="save_view").click().run()
    at.text_input(key="scene_title").input("Across the strait")
    at.button(key="add_scene").click().run()
    assert not at.exception
    (scene,) = at.session_state.user_tour.scenes
    assert scene.marks == at.session_state.marks
    assert scene.marks[0].label == "<script>alert(1)</script>"
