"""The web map carries the marks tools once, and the marks of a view in its state (as
GeoJSON, with every '<' written \\u003c: a label cannot end the script)."""

from __future__ import annotations

from layers.core.records import Mark
from layers.exports import html_bytes
from layers.plan.view import ViewOptions
from layers.web.steering import client_state

HOSTILE = "</script><script>alert(1)</script> <img src=x onerror=alert(2)>"
MARK = Mark("m1", "line", ((145.817, 43.385), (145.571, 43.713)), "#0072B2", label=HOSTILE)


def test_the_state_carries_the_marks_as_features(shipped_atlas):
    state = client_state(shipped_atlas.layers, ViewOptions(marks=(MARK,)))
    (feature,) = state["marks"]
    assert feature["geometry"]["coordinates"] == [[145.817, 43.385], [145.571, 43.713]]
    assert feature["properties"]["label"] == HOSTILE
    assert client_state(shipped_atlas.layers, ViewOptions())["marks"] == []


def test_the_html_export_holds_the_marks_and_no_label_as_markup(shipped_atlas):
    html = html_bytes(shipped_atlas, ViewOptions(marks=(MARK,))).decode("utf-8")
    assert html.count("atlas.markTools = function") == 1
    assert "onerror=alert(2)" in html  # the label is there, as text in JSON
    assert "<img src=x" not in html
    assert "</script><script>alert(1)" not in html
