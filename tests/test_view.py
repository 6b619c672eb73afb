"""The view plan, and the two renderers drawing the same things from it (no pixels)."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from matplotlib.collections import LineCollection, PatchCollection, PathCollection

from layers.atlas import load_atlas
from layers.figure import render_figure
from layers.mapbuild import build_map
from layers.specs import PALETTE, REGISTRY
from layers.view import View, ViewOptions, plan_view, scene_options

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(GEODATA)


def raw_features(key: str) -> list[dict]:
    return json.loads((GEODATA / f"{key}.geojson").read_text(encoding="utf-8"))["features"]


def parts(geometry: dict) -> Counter:
    """Drawn pieces by kind from a raw GeoJSON geometry: one per point, line part and shape."""
    kind = geometry["type"]
    if kind == "Point":
        return Counter(point=1)
    if kind == "LineString":
        return Counter(line=1)
    if kind == "MultiLineString":
        return Counter(line=len(geometry["coordinates"]))
    return Counter(area=1)  # a multipolygon is one shape with several rings


# --- what the web map draws, read back from its HTML ------------------------------------


def web_geojson(html: str) -> list[dict]:
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"geo_json_\w+_add\(\s*", html):
        data, _ = decoder.raw_decode(html, match.end())
        found += data["features"]
    return found


def web_labels(html: str, near: bool) -> Counter:
    """Label texts in the Labels arrays that show at the fitted zoom, with distance labels."""
    hidden = "fa-far-only" if near else "fa-near-only"
    texts = Counter()
    for array in re.findall(r"(\[\[[-\d.]+, [-\d.]+, \".*?\"\]\])\.forEach", html):
        for _, _, div in json.loads(array):
            classes, text = re.fullmatch(r'<div class="([^"]*)">(.*)</div>', div).groups()
            if hidden not in classes.split():
                texts[html_lib.unescape(text)] += 1
    return texts


def web_legend(html: str) -> list[str]:
    """Legend entries as "group" or "group: variant", from the legend control's HTML."""
    (legend,) = [
        json.loads(text)
        for text in re.findall(r'div.innerHTML = (".*?");\n', html)
        if json.loads(text).startswith("<h4>Legend</h4>")
    ]
    entries = []
    for row in re.findall(r"<div>(.*?)</div>", legend):
        if row.startswith("<span"):
            entries.append(re.sub(r"<[^>]+>", "", row))
        else:
            group, rest = row.split(": <span", 1)
            entries += [f"{group}: {v}" for v in re.sub(r"<[^>]+>", "", "<span" + rest).split(", ")]
    return [html_lib.unescape(e) for e in entries]


# --- what the figure draws, read back from its artists ----------------------------------


def figure_parts(fig) -> Counter:
    counts = Counter()
    for collection in fig.axes[0].collections:
        if isinstance(collection, PatchCollection):
            counts["area"] += len(collection.get_paths())
        elif isinstance(collection, LineCollection):
            counts["line"] += len(collection.get_paths())
        elif isinstance(collection, PathCollection):
            counts["point"] += len(collection.get_offsets())
    return counts


def figure_texts(fig) -> Counter:
    furniture = re.compile(r"N|\d+ km")  # north arrow and scale bar
    texts = [t.get_text() for t in fig.axes[0].texts]
    return Counter(t for t in texts if not furniture.fullmatch(t) or t.endswith(".0 km"))


def views(atlas) -> dict[str, View]:
    plans = {
        "default": ViewOptions(),
        "islands-ja": ViewOptions(focus="islands", lang="ja"),
        "no-labels": ViewOptions(show_labels=False, show_distances=False),
        "as-of-2019": ViewOptions(as_of_year=2019, visible=frozenset(REGISTRY)),
    }
    plans |= {scene.id: scene_options(scene) for scene in atlas.scenes}
    return {
        name: plan_view(atlas.layers, options, atlas.measures) for name, options in plans.items()
    }


@pytest.fixture(scope="module")
def drawn(atlas):
    """For each view: the view, the web map's HTML and the figure."""
    return {
        name: (view, build_map(view).get_root().render(), render_figure(view))
        for name, view in views(atlas).items()
    }


@pytest.mark.parametrize("name", ["default", "islands-ja", "no-labels", "as-of-2019", "hokkaido"])
def test_web_and_figure_draw_the_same_features(drawn, name):
    _, html, fig = drawn[name]
    web = sum((parts(f["geometry"]) for f in web_geojson(html)), Counter())
    web["line"] += html.count("L.polyline(")  # the distance lines
    assert figure_parts(fig) == web
    assert web["point"] > 0


def test_default_view_draws_every_default_layer_feature_from_the_files(drawn):
    _, html, _ = drawn["default"]
    expected = Counter()
    for key, spec in REGISTRY.items():
        if spec.default_on:
            expected += sum((parts(f["geometry"]) for f in raw_features(key)), Counter())
    assert sum((parts(f["geometry"]) for f in web_geojson(html)), Counter()) == expected


def test_web_and_figure_draw_the_same_labels_and_distances(drawn):
    for name, (view, html, fig) in drawn.items():
        web = web_labels(html, view.near)
        assert figure_texts(fig) == web, name
        assert sum(web.values()) == len(view.labels_shown()) + len(view.distances), name


def test_web_and_figure_have_the_same_legend(drawn):
    for name, (view, html, fig) in drawn.items():
        figure = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert web_legend(html) == figure == [e.text for e in view.legend], name


def test_label_anchors_are_used_when_far_and_not_when_near(drawn):
    far, _, _ = drawn["default"]
    near, _, _ = drawn["islands-ja"]
    assert not far.near
    assert near.near
    anchors = {
        f["properties"]["name_en"]: tuple(f["properties"]["label_anchor"])
        for f in raw_features("disputed_islands")
    }
    far_spots = {(lab.text, (lab.lon, lab.lat)) for lab in far.labels_shown()}
    for name, spot in anchors.items():
        assert (name, spot) in far_spots, name
    near_spots = {(lab.lon, lab.lat) for lab in near.labels_shown()}
    assert not set(anchors.values()) & near_spots


def test_timeline_hides_what_was_reported_later(drawn):
    view, _, _ = drawn["as-of-2019"]
    dated = [d.feature for layer in view.layers for d in layer.features if d.feature.date]
    assert dated
    assert max(f.date.year for f in dated) <= 2019
    expected = sum(
        1 for f in raw_features("deployments") if int(f["properties"]["first_reported"][:4]) <= 2019
    )
    (deployments,) = [layer for layer in view.layers if layer.spec.key == "deployments"]
    assert len(deployments.features) == expected
    assert view.title.endswith(", as of 2019")


def test_a_scene_highlights_its_subject_in_black_and_draws_its_layers_only(atlas):
    scene = atlas.scene("hokkaido")
    view = plan_view(atlas.layers, scene_options(scene), atlas.measures)
    assert {layer.spec.key for layer in view.layers} == set(scene.layers)
    marked = {
        (d.feature.layer, d.feature.id)
        for lyr in view.layers
        for d in lyr.features
        if d.highlighted
    }
    assert marked == set(scene.highlight)
    for layer in view.layers:
        for d in layer.features:
            assert (d.style.color == PALETTE["black"]) == d.highlighted or layer.spec.key in {
                "island_settlements"  # drawn in black anyway
            }
    assert view.quotes == scene.quotes
    assert view.subtitle == scene.caption
