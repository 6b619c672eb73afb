"""A tour scene that compares two years: it loads from a tour file and writes back the same;
a side that is not a year 1800–2100 or "now" drops the comparison (the rest of the scene
loads) and the problem names the scene and the value."""

from __future__ import annotations

import copy
import json

import pytest

from layers.core.paths import GEODATA_DIR
from layers.plan.comparison import Comparison
from layers.plan.view import plan_view, scene_options
from layers.record.tours import layer_ids, read_tour, tour_bytes

SHIPPED = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))


def scene_with(compare: object) -> dict:
    scene = copy.deepcopy(SHIPPED["scenes"][0])
    return scene | {"id": "then-and-now", "title": "Then and now", "compare": compare}


def read(scenes: list, atlas):
    data = json.dumps({"title": "Compare", "scenes": scenes}).encode()
    return read_tour(data, atlas.article, layer_ids(atlas), "mine.json")


def test_a_tour_file_with_a_comparison_scene_loads_and_writes_back(shipped_atlas):
    tour, problems = read([scene_with({"left": 1945, "right": "now"})], shipped_atlas)
    assert problems == []
    (scene,) = tour.scenes
    assert scene.compare == (1945, None)
    again, problems = read_tour(tour_bytes(tour), shipped_atlas.article, layer_ids(shipped_atlas))
    assert (again, problems) == (tour, [])
    assert json.loads(tour_bytes(tour))["scenes"][0]["compare"] == {"left": 1945, "right": "now"}
    # the scene shows as a comparison: two panels, 1945 and now
    view = plan_view(shipped_atlas.layers, scene_options(scene), shipped_atlas.measures)
    assert scene_options(scene).compare == Comparison(1945, None)
    assert view.panels is not None
    assert [panel.title for panel in view.panels] == ["1945", "now"]


HOSTILE = [
    ({"left": 99999, "right": "now"}, "99999"),
    ({"left": 1945, "right": -1}, "-1"),
    ({"left": 1799, "right": "now"}, "1799"),
    ({"left": "1945", "right": "now"}, "1945"),  # text, not a number
    ({"left": True, "right": "now"}, "True"),
    ({"left": 1945.5, "right": "now"}, "1945.5"),
    ({"left": "<script>alert(1)</script>", "right": "now"}, "<script>alert(1)</script>"),
    ({"left": None, "right": "now"}, "None"),
    ({"left": 1945}, '{"left"'),
    ([1945, "now"], '{"left"'),
    ({"left": 1945, "right": 1945, "extra": 1}, '{"left"'),
    ({"left": 1956, "right": 1956}, "same year"),
]


@pytest.mark.parametrize(("compare", "named"), HOSTILE)
def test_a_hostile_or_out_of_range_comparison_is_dropped_and_named(shipped_atlas, compare, named):
    tour, problems = read([scene_with(compare)], shipped_atlas)
    (scene,) = tour.scenes  # the scene still loads, without the comparison
    assert scene.compare is None
    assert scene.title == "Then and now"
    (problem,) = problems
    assert problem.feature == "scene 1 (then-and-now)"
    assert '"compare" dropped' in problem.message
    assert named in problem.message
