"""A comparison in the view plan: its two sides are the views of their years (as the
timeline shows them), under the view's title and one legend; a scene saved while comparing
keeps the comparison."""

from __future__ import annotations

from layers.plan.authoring import scene_from_view
from layers.plan.comparison import Comparison, side
from layers.plan.view import ViewOptions, plan_view, scene_options


def ids(view) -> set[str]:
    return {d.feature.id for layer in view.layers for d in layer.features}


def test_the_sides_are_the_views_of_their_years(shipped_atlas):
    layers, measures = shipped_atlas.layers, shipped_atlas.measures
    view = plan_view(layers, ViewOptions(compare=Comparison(2021, None)), measures)
    assert view.panels is not None
    left, right = view.panels
    assert ids(left) == ids(plan_view(layers, ViewOptions(as_of_year=2021), measures))
    assert ids(right) == ids(plan_view(layers, ViewOptions(), measures))
    assert (left.title, right.title) == ("2021", "now")
    assert view.title.endswith(": 2021 | now")
    # S-300V4 on Iturup, 2020–2023 in geodata/deployments.geojson: the 2021 side only
    assert "dep_s300v4_iturup_2020" in ids(left) - ids(right)
    # the 2022 Bastion on Paramushir: "now" only
    assert "dep_bastion_paramushir_2022" in ids(right) - ids(left)
    legend = [entry.text for entry in view.legend]
    assert len(legend) == len(set(legend))
    assert set(legend) == {e.text for side in view.panels for e in side.legend}


def test_where_each_feature_shows(shipped_atlas):
    by_id = {f.id: f for layer in shipped_atlas.layers for f in layer.features}
    pair = Comparison(2021, None)
    assert side(by_id["dep_s300v4_iturup_2020"], pair) == "left"
    assert side(by_id["dep_bastion_paramushir_2022"], pair) == "right"
    assert side(by_id["dep_bastion_iturup_2016"], pair) == "both"
    assert side(by_id["dep_march_2022_exercise"], pair) is None  # 2022 only


def test_a_scene_saved_while_comparing_keeps_the_comparison(shipped_atlas):
    options = ViewOptions(compare=Comparison(1945, None))
    scene = scene_from_view("Then", "", [], [], shipped_atlas.layers, options, None, set())
    assert scene.compare == (1945, None)
    assert scene_options(scene).compare == Comparison(1945, None)
    plain = scene_from_view("Now", "", [], [], shipped_atlas.layers, ViewOptions(), None, set())
    assert plain.compare is None
    assert scene_options(plain, options).compare == Comparison(1945, None)  # the reader's


def test_the_comparison_names_what_either_side_shows(shipped_atlas):
    layers, measures = shipped_atlas.layers, shipped_atlas.measures
    view = plan_view(layers, ViewOptions(compare=Comparison(2021, None)), measures)
    assert view.panels is not None
    left, right = view.panels
    assert ids(view) == ids(left) | ids(right)
    count = sum(len(layer.features) for layer in view.layers)
    assert count == len(ids(left) | ids(right))  # each feature once
