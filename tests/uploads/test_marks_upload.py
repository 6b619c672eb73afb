"""The "Download my marks" file reads back through the existing upload path as a layer."""

from __future__ import annotations

from layers.core.records import Mark
from layers.exports import marks_bytes
from layers.uploads.layer import load_upload

MARKS = (
    Mark("l", "line", ((145.817, 43.385), (145.571, 43.713)), "#0072B2", label="<b>strait</b>"),
    Mark("a", "area", ((145.2, 43.1), (145.5, 43.1), (145.5, 43.3)), "#009E73"),
    Mark("t", "text", ((145.3, 43.6),), "#CC79A7", label="Nemuro Strait"),
)


def test_downloaded_marks_upload_as_a_layer(shipped_atlas):
    layer = load_upload("frontier-atlas-marks.geojson", marks_bytes(MARKS), shipped_atlas.article)
    assert not layer.unreadable
    assert [f.kind for f in layer.features] == ["line", "area", "point"]
    names = [f.names.display() for f in layer.features]
    assert names[0] == "<b>strait</b>"
    assert names[2] == "Nemuro Strait"
    (lon, lat), *_ = layer.features[0].geometry.coords
    assert (lon, lat) == (145.817, 43.385)
