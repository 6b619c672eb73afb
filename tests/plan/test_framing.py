"""A scene's subject, the part of its frame a narrow map fits (``layers.plan.framing``):
expected extents come from the raw GeoJSON in geodata/ (shapely) or from literals."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from layers.core.paths import GEODATA_DIR
from layers.plan.framing import MIN_SPAN_DEG, centre_part, subject_bounds

SCENES = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))["scenes"]


def flat(bounds) -> list[float]:
    (south, west), (north, east) = bounds
    return [south, west, north, east]


def raw_extent(scene: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the scene's highlighted features, from the files."""
    shapes = []
    for mark in scene["highlight"]:
        path = GEODATA_DIR / f"{mark['layer']}.geojson"
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        shapes += [shape(f["geometry"]) for f in features if f["properties"]["id"] == mark["id"]]
    return unary_union(shapes).bounds


def as_bounds(scene: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    (south, west), (north, east) = scene["bounds"]
    return (south, west), (north, east)


def highlight(scene: dict) -> frozenset[tuple[str, str]]:
    return frozenset((m["layer"], m["id"]) for m in scene["highlight"])


@pytest.mark.parametrize("scene", SCENES, ids=[s["id"] for s in SCENES])
def test_a_scene_subject_holds_its_features_inside_its_frame(shipped_atlas, scene):
    frame = as_bounds(scene)
    (south, west), (north, east) = subject_bounds(shipped_atlas.layers, highlight(scene), frame)
    (f_south, f_west), (f_north, f_east) = frame
    assert f_south <= south < north <= f_north
    assert f_west <= west < east <= f_east
    x0, y0, x1, y1 = raw_extent(scene)
    # every highlighted feature, as far as the frame reaches
    assert west <= max(x0, f_west)
    assert min(x1, f_east) <= east
    assert south <= max(y0, f_south)
    assert min(y1, f_north) <= north
    assert north - south >= min(MIN_SPAN_DEG, f_north - f_south) - 1e-9
    assert east - west >= min(MIN_SPAN_DEG, f_east - f_west) - 1e-9


def test_a_subject_is_smaller_than_the_frame_where_the_features_are(shipped_atlas):
    """Sanctions: Hokkaido (41.4-45.5 N, 139.8-145.8 E) in a frame of 40-54.5 N, 134-156 E."""
    scene = next(s for s in SCENES if s["id"] == "sanctions")
    (south, west), (north, east) = subject_bounds(
        shipped_atlas.layers, highlight(scene), as_bounds(scene)
    )
    assert (north - south) * (east - west) < 0.25 * (54.5 - 40.0) * (156.0 - 134.0)


def test_two_points_close_together_keep_their_surroundings(shipped_atlas):
    """Hokkaido scene: Nemuro and Cape Nosappu, 0.24° apart: the subject is MIN_SPAN_DEG
    each way, centred on them."""
    scene = next(s for s in SCENES if s["id"] == "hokkaido")
    x0, y0, x1, y1 = raw_extent(scene)
    assert x1 - x0 < 0.5
    assert y1 - y0 < 0.5
    (south, west), (north, east) = subject_bounds(
        shipped_atlas.layers, highlight(scene), as_bounds(scene)
    )
    assert north - south == pytest.approx(1.5)
    assert east - west == pytest.approx(1.5)
    assert (south + north) / 2 == pytest.approx((y0 + y1) / 2)
    assert (west + east) / 2 == pytest.approx((x0 + x1) / 2)


def test_a_subject_at_the_frame_edge_moves_inside_it(shipped_atlas):
    layer = shipped_atlas.layers[0]
    point = replace(layer.features[0], id="corner", geometry=Point(140.1, 40.1))
    corner = [replace(layer, features=(point,))]
    frame = ((40.0, 140.0), (50.0, 150.0))
    got = subject_bounds(corner, {(layer.key, "corner")}, frame)
    assert flat(got) == pytest.approx([40.0, 140.0, 41.5, 141.5])


def test_a_scene_that_highlights_nothing_shown_fits_the_centre_of_its_frame(shipped_atlas):
    frame = ((40.0, 130.0), (50.0, 150.0))
    expected = [42.0, 134.0, 48.0, 146.0]  # the middle 60 % each way
    assert flat(subject_bounds(shipped_atlas.layers, frozenset(), frame)) == pytest.approx(expected)
    unknown = {("deployments", "no-such-feature")}
    assert flat(subject_bounds(shipped_atlas.layers, unknown, frame)) == pytest.approx(expected)
    assert flat(centre_part(frame, 0.5)) == pytest.approx([42.5, 135.0, 47.5, 145.0])
