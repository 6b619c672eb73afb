"""The figure of a comparison: two map panels, each titled with its year, each drawing the
features of its year (read back from the figure's artists and checked against the shipped
data read with an independent reading of the timeline), one legend for both."""

from __future__ import annotations

import io

import pytest
from matplotlib.collections import LineCollection, PathCollection
from PIL import Image
from pyproj import Transformer
from shapely.geometry import Point

from layers.exports import make_export, png_bytes
from layers.plan.comparison import Comparison
from layers.plan.view import ViewOptions, plan_view
from layers.print.figure_compare import figure_of
from layers.print.frame import CRS

TO_MAP = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
SIDES = {"1945": 1945, "now": None}
BASTION = "dep_bastion_iturup_2016"  # reported 2016, in geodata/deployments.geojson


def shown(feature, year: int | None) -> bool:
    """The timeline read from the data: began (else reported) by ``year``, not ended
    before it; now: not ended."""
    start, end = feature.years()
    if year is None:
        return end is None
    return (start is None or start <= year) and (end is None or year <= end)


def expected_points(atlas, year: int | None) -> set[tuple[int, int]]:
    """Where the default layers' points of ``year`` are, in the figure's projection (km)."""
    spots = set()
    for layer in atlas.layers:
        if not layer.spec.default_on:
            continue
        for feature in layer.features:
            if isinstance(feature.geometry, Point) and shown(feature, year):
                x, y = TO_MAP.transform(feature.geometry.x, feature.geometry.y)
                spots.add((round(x / 1000), round(y / 1000)))
    return spots


def expected_lines(atlas, year: int | None) -> int:
    return sum(
        len(getattr(f.geometry, "geoms", [f.geometry]))
        for layer in atlas.layers
        if layer.spec.default_on
        for f in layer.features
        if f.kind == "line" and shown(f, year)
    )


def drawn_points(ax) -> set[tuple[int, int]]:
    return {
        (round(x / 1000), round(y / 1000))
        for c in ax.collections
        if isinstance(c, PathCollection)
        for x, y in c.get_offsets()
    }


def drawn_lines(ax, distances: int) -> int:
    paths = sum(len(c.get_paths()) for c in ax.collections if isinstance(c, LineCollection))
    return paths - distances  # the view's distance lines are LineCollections too


@pytest.fixture(scope="module")
def compared(atlas):
    options = ViewOptions(compare=Comparison(1945, None))
    view = plan_view(atlas.layers, options, atlas.measures)
    return view, figure_of(view, "slide")


def test_a_comparison_draws_two_panels_each_with_its_years_features(atlas, compared):
    _, fig = compared
    maps = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in maps] == ["1945", "now"]
    distances = len(atlas.measures)
    for ax in maps:
        year = SIDES[ax.get_title(loc="left")]
        assert drawn_points(ax) == expected_points(atlas, year)
        assert drawn_lines(ax, distances) == expected_lines(atlas, year)
    # what differs: a 2016 deployment is in "now" only
    bastion = next(f for layer in atlas.layers for f in layer.features if f.id == BASTION)
    x, y = TO_MAP.transform(bastion.geometry.x, bastion.geometry.y)
    spot = (round(x / 1000), round(y / 1000))
    assert spot not in drawn_points(maps[0])
    assert spot in drawn_points(maps[1])


def test_one_legend_for_both_panels_and_one_title(compared):
    view, fig = compared
    assert len(fig.legends) == 1
    assert not any(ax.get_legend() for ax in fig.axes)
    texts = {t.get_text() for t in fig.legends[0].get_texts()}
    assert {entry.text for entry in view.legend} == texts
    # joint patrols (from 2019) and a deployment of 1945 are both in the legend
    assert any("joint patrol" in t for t in texts)
    assert any("deployment" in t for t in texts)
    titles = [t.get_text() for t in fig.texts]
    assert any(t.endswith(": 1945 | now") for t in titles)


def test_the_png_export_of_a_comparison_is_the_two_panel_figure(atlas):
    options = ViewOptions(compare=Comparison(1945, None))
    png = make_export("png_slide", atlas, options)
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    plain = png_bytes(plan_view(atlas.layers, ViewOptions(), atlas.measures))
    assert png != plain
