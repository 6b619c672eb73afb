"""A reader's marks as untrusted input: any JSON gives marks or reasons, never a traceback;
limits hold; text stays exactly as written; measures are pyproj.Geod's; the GeoJSON is
RFC 7946 and reads back as the same marks."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from harness.rfc7946 import ring_counts, validator_findings
from layers.core.records import Mark
from layers.record.marks import (
    MAX_LABEL,
    MAX_MARKS,
    MAX_VERTICES,
    marks_geojson,
    measure_text,
    parse_marks,
)

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> $x$ **b**"
CAPE = [145.817, 43.385]  # Cape Nosappu (geodata/hokkaido_points.geojson)
KUNASHIR = [145.571, 43.713]  # near Kunashir's south-west coast


def line(coords, **props) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "LineString", "coordinates": coords},
    }


def test_a_line_is_read_with_its_style_and_label():
    marks, dropped = parse_marks(
        [line([CAPE, KUNASHIR], color="#0072b2", dashed=True, arrow=True, label=HOSTILE, id="a")]
    )
    assert dropped == []
    assert marks == (
        Mark("a", "line", (tuple(CAPE), tuple(KUNASHIR)), "#0072B2", True, True, HOSTILE),
    )


def test_the_measure_is_pyproj_geods():
    (mark,), _ = parse_marks([line([CAPE, KUNASHIR])])
    metres = Geod(ellps="WGS84").inv(*CAPE, *KUNASHIR)[2]
    assert measure_text(mark) == f"{metres / 1000:.1f} km ({metres / 1852:.1f} nmi)"
    # a 1 degree square at 43-44N, 145-146E: pyproj says 8,954 km² (checked by hand below)
    square = [[145, 43], [146, 43], [146, 44], [145, 44], [145, 43]]
    (area,), _ = parse_marks(
        [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [square]}}]
    )
    lons, lats = zip(*square, strict=True)
    expected = abs(Geod(ellps="WGS84").polygon_area_perimeter(lons, lats)[0]) / 1e6
    assert measure_text(area) == f"{expected:,.1f} km²"
    assert 8900 < expected < 9000  # ~111 km x ~81 km


def test_limits():
    many = [line([CAPE, KUNASHIR]) for _ in range(MAX_MARKS + 5)]
    marks, dropped = parse_marks(many)
    assert len(marks) == MAX_MARKS
    assert dropped == [f"only {MAX_MARKS} marks are kept: 5 left out"]
    long = [[145 + i / 1000, 43.5] for i in range(MAX_VERTICES + 2)]
    marks, dropped = parse_marks([line(long)])
    assert marks == ()
    assert "positions" in dropped[0]
    (mark,), _ = parse_marks([line([CAPE, KUNASHIR], label="x" * 10_000)])
    assert len(mark.label) == MAX_LABEL


def test_bad_positions_and_colours_are_refused_or_replaced():
    outside = line([[0, 0], [1, 1]])
    nan = line([[145, float("nan")], [146, 43]])
    huge = line([[10**400, 43], [146, 43]])
    marks, dropped = parse_marks([outside, nan, huge, line([CAPE, KUNASHIR], color="url(x)")])
    assert len(dropped) == 3
    assert [m.color for m in marks] == ["#D55E00"]


def test_the_geojson_is_rfc7946_and_reads_back():
    square = [[145, 43], [145, 44], [146, 44], [146, 43]]  # clockwise as drawn
    features = [
        line([CAPE, KUNASHIR], label=HOSTILE, arrow=True, color="#009E73", id="l"),
        {
            "type": "Feature",
            "properties": {"id": "a", "dashed": True},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        },
        {
            "type": "Feature",
            "properties": {"id": "t", "kind": "text", "label": "Matua"},
            "geometry": {"type": "Point", "coordinates": CAPE},
        },
    ]
    marks, _ = parse_marks(features)
    document = json.loads(json.dumps(marks_geojson(marks)))
    assert ring_counts(document) == (0, 1)
    assert validator_findings(document) == {}
    assert "crs" not in document
    assert document["features"][0]["properties"]["label"] == HOSTILE
    again, dropped = parse_marks(document)
    assert dropped == []
    assert [(m.id, m.kind, m.color, m.dashed, m.arrow, m.label) for m in again] == [
        (m.id, m.kind, m.color, m.dashed, m.arrow, m.label) for m in marks
    ]
    assert set(again[1].coords) == set(marks[1].coords)  # the ring, wound counter-clockwise


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=40,
)
KEYS = st.sampled_from(
    ["type", "geometry", "properties", "coordinates", "kind", "label", "color", "id"]
)
FEATURE = st.fixed_dictionaries(
    {
        "type": st.just("Feature"),
        "properties": st.dictionaries(KEYS, JSON, max_size=5),
        "geometry": st.fixed_dictionaries(
            {
                "type": st.sampled_from(["LineString", "Polygon", "Point", "Nope"]),
                "coordinates": JSON,
            }
        ),
    }
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, st.lists(FEATURE, max_size=8), st.lists(JSON, max_size=8)))
def test_any_json_gives_marks_or_reasons(value):
    marks, dropped = parse_marks(value)
    assert len(marks) <= MAX_MARKS
    assert all(isinstance(reason, str) for reason in dropped)
    for mark in marks:
        assert 1 <= len(mark.coords) <= MAX_VERTICES + 1
        assert len(mark.label) <= MAX_LABEL
        measure_text(mark)  # measurable
        json.dumps(marks_geojson([mark]))
