"""A saved scene keeps its marks: the tour file carries them as GeoJSON features, read back
as untrusted input (bad ones dropped and named, the scene kept)."""

from __future__ import annotations

import json
from dataclasses import replace

from layers.core.records import Mark
from layers.record.tours import Tour, layer_ids, read_tour, tour_bytes

HOSTILE = "<script>alert(1)</script> $x$ **b**"
MARK = Mark("m1", "line", ((145.817, 43.385), (145.571, 43.713)), "#0072B2", True, True, HOSTILE)


def test_a_scene_keeps_its_marks_through_the_tour_file(shipped_atlas):
    scene = replace(shipped_atlas.scenes[0], marks=(MARK,))
    raw = tour_bytes(Tour((scene,)))
    tour, problems = read_tour(raw, shipped_atlas.article, layer_ids(shipped_atlas))
    assert problems == []
    assert tour.scenes[0].marks == (MARK,)
    assert json.loads(raw)["scenes"][0]["marks"][0]["properties"]["label"] == HOSTILE


def test_bad_marks_are_dropped_and_named(shipped_atlas):
    scene = replace(shipped_atlas.scenes[0], marks=(MARK,))
    data = json.loads(tour_bytes(Tour((scene,))))
    data["scenes"][0]["marks"].append(
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}}
    )
    data["scenes"][0]["marks"].append("<script>")
    tour, problems = read_tour(
        json.dumps(data).encode(), shipped_atlas.article, layer_ids(shipped_atlas)
    )
    assert tour.scenes[0].marks == (MARK,)
    assert [p.message for p in problems] == [
        '"marks": mark 1: a position is outside the atlas\'s region',
        '"marks": mark 2: not a GeoJSON feature',
    ]
