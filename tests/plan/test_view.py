"""The view plan, and the two renderers drawing the same things from it (no pixels)."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections import Counter

import pytest
from matplotlib.collections import LineCollection, PatchCollection, PathCollection

from layers.core.paths import GEODATA_DIR
from layers.core.specs import PALETTE, REGISTRY
from layers.plan.view import View, ViewOptions, plan_view, scene_options
from layers.print.figure import render_figure
from layers.web.mapbuild import atlas_map


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


def raw_features(key: str) -> list[dict]:
    return json.loads((GEODATA_DIR / f"{key}.geojson").read_text(encoding="utf-8"))["features"]


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


# --- what the web map shows, read back from its HTML and the state it starts with -------
# The test applies the state as the steering does in the browser (layers/web/static/steering.js):
# layers listed in the state, features dated no later than its year, labels if on.


def web_layers(html: str) -> dict[str, dict]:
    """Each layer's GeoJSON features and label array, by layer key, from the map's script."""
    decoder = json.JSONDecoder()
    found = {}
    registered = re.finditer(
        r"window.atlas.layers = window.atlas.layers \|\| \{\}\)\[\"(\w+)\"\] = \{\s*group: \w+,"
        r"\s*geojson: (\w+),\s*labels: (\S+),",
        html,
    )
    for key, geojson, labels in (match.groups() for match in registered):
        features = []
        if geojson != "null":
            start = re.search(rf"{geojson}_add\(\s*", html).end()
            features = decoder.raw_decode(html, start)[0]["features"]
        label_rows = []
        if labels != "[]":
            start = re.search(rf"var {labels} = ", html).end()
            label_rows = decoder.raw_decode(html, start)[0]
        found[key] = {"features": features, "labels": label_rows}
    return found


def web_state(html: str) -> dict:
    start = re.search(r"window\.atlas\.steer\(\s*map_\w+, ", html).end()
    decoder = json.JSONDecoder()
    _, end = decoder.raw_decode(html, start)  # the base tiles
    return decoder.raw_decode(html, html.index("{", end))[0]


def shown_now(year: int | None, span: list | None) -> bool:
    """The timeline's rule: from the start year to the end year, both included; now (no
    year): unless it has ended."""
    start, end = span or (None, None)
    if year is None:
        return end is None
    return (start is None or start <= year) and (end is None or year <= end)


def web_shown_features(html: str) -> list[dict]:
    state, layers = web_state(html), web_layers(html)
    return [
        f
        for key in state["layers"]
        for f in layers[key]["features"]
        if shown_now(state["year"], f["properties"]["years"])
    ]


def web_labels(html: str, near: bool) -> Counter:
    """Label texts shown at the fitted zoom in the state's language, with distance labels;
    a highlighted feature's label shows at any zoom (the steering marks it fa-keep)."""
    state, layers = web_state(html), web_layers(html)
    hidden = "fa-far-only" if near else "fa-near-only"
    texts = Counter()
    for key in state["layers"] if state["labels"] else ():
        for _, _, div, fid, year, keepable in layers[key]["labels"]:
            kept = keepable and [key, fid] in state["highlight"]
            if (hidden in div and not kept) or not shown_now(state["year"], year):
                continue
            text = re.search(rf'class="fa-l fa-l-{state["lang"]}">(.*?)</span>', div).group(1)
            texts[html_lib.unescape(text)] += 1
    for _, _, div, *_ in layers["_distances"]["labels"] if state["distances"] else ():
        texts[re.fullmatch(r'<div class="fa-dist">(.*)</div>', div).group(1)] += 1
    return texts


def web_legend(html: str) -> list[str]:
    """Legend entries of the layers the state shows, as "group" or "group: variant"."""
    state = web_state(html)
    shown = {*state["layers"], *(["_distances"] if state["distances"] else [])}
    (legend,) = [
        json.loads(text)
        for text in re.findall(r'div.innerHTML = (".*?");\n', html)
        if json.loads(text).startswith("<h4>Legend</h4>")
    ]
    entries = []
    for key, row in re.findall(r'<div data-layer="(\w+)">(.*?)</div>', legend):
        if key not in shown:
            continue
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


def views(atlas) -> dict[str, tuple[ViewOptions, View]]:
    plans = {
        "default": ViewOptions(),
        "region": ViewOptions(focus="region"),
        "islands-ja": ViewOptions(focus="islands", lang="ja"),
        "no-labels": ViewOptions(show_labels=False, show_distances=False),
        "as-of-2019": ViewOptions(as_of_year=2019, visible=frozenset(REGISTRY)),
    }
    plans |= {scene.id: scene_options(scene) for scene in atlas.scenes}
    return {
        name: (options, plan_view(atlas.layers, options, atlas.measures))
        for name, options in plans.items()
    }


@pytest.fixture(scope="module")
def drawn(atlas):
    """For each view: the view, the web map's HTML (everything, and the state that shows
    the view) and the figure."""
    return {
        name: (
            view,
            atlas_map(atlas.layers, atlas.measures, options).get_root().render(),
            render_figure(view),
        )
        for name, (options, view) in views(atlas).items()
    }


@pytest.mark.parametrize(
    "name", ["default", "islands-ja", "no-labels", "as-of-2019", "hokkaido", "militarisation"]
)
def test_web_and_figure_draw_the_same_features(drawn, name):
    _, html, fig = drawn[name]
    web = sum((parts(f["geometry"]) for f in web_shown_features(html)), Counter())
    if web_state(html)["distances"]:
        web["line"] += html.count("L.polyline(")  # the distance lines
    assert figure_parts(fig) == web
    assert web["point"] > 0


def test_the_web_map_carries_every_feature_and_shows_the_default_layers(drawn):
    _, html, _ = drawn["default"]
    everything, default = Counter(), Counter()
    for key, spec in REGISTRY.items():
        features = raw_features(key)
        everything += sum((parts(f["geometry"]) for f in features), Counter())
        now = [f for f in features if not f["properties"].get("ended")]  # now: not ended
        default += (
            sum((parts(f["geometry"]) for f in now), Counter()) if spec.default_on else Counter()
        )
    deployments = {f["properties"]["id"] for f in raw_features("deployments")}
    ranges = json.loads((GEODATA_DIR / "ranges.json").read_text(encoding="utf-8"))["ranges"]
    everything["line"] += len(set(ranges) & deployments)  # a ring per claimed range, off
    carried = [f for layer in web_layers(html).values() for f in layer["features"]]
    assert sum((parts(f["geometry"]) for f in carried), Counter()) == everything
    assert sum((parts(f["geometry"]) for f in web_shown_features(html)), Counter()) == default


def test_the_figure_draws_the_labels_and_distances_the_web_map_shows(drawn):
    """The figure draws the web map's labels by its rule: those that fit (issue 25), so a
    label with no room is left out; it draws none the web map would not show."""
    for name, (view, html, fig) in drawn.items():
        web = web_labels(html, view.near)
        drawn_texts = figure_texts(fig)
        assert drawn_texts <= web, (name, drawn_texts - web)
        assert bool(drawn_texts) == bool(web), name
        assert sum(web.values()) == len(view.labels_shown()) + len(view.distances), name


def test_web_and_figure_have_the_same_legend(drawn):
    for name, (view, html, fig) in drawn.items():
        figure = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert web_legend(html) == figure == [e.text for e in view.legend], name


def test_label_anchors_are_used_when_far_and_not_when_near(drawn):
    far, _, _ = drawn["region"]
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

    def shown_in_2019(props: dict) -> bool:
        start = int((props.get("began") or props["reported"])[:4])
        return start <= 2019 and ("ended" not in props or int(props["ended"][:4]) >= 2019)

    expected = sum(1 for f in raw_features("deployments") if shown_in_2019(f["properties"]))
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


def test_the_timeline_shows_a_feature_from_its_start_to_its_end_year_inclusive(atlas):
    from dataclasses import replace

    from layers.core.records import PartialDate
    from layers.plan.view import feature_years, in_time

    deployments = next(layer for layer in atlas.layers if layer.key == "deployments")
    ended = replace(deployments.features[0], date=PartialDate(2016), ended=PartialDate(2023, 9))
    shown = [year for year in range(2014, 2027) if in_time(ended, year)]
    assert shown == list(range(2016, 2024))
    assert not in_time(ended, None)  # now: it has ended
    assert {2016, 2024} <= feature_years([replace(deployments, features=(ended,))])


def geojson_box(name: str, ids: set[str] | None = None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a geodata file's features (or those with ``ids``)."""
    points = []

    def walk(coords):
        if isinstance(coords[0], (int, float)):
            points.append(coords)
        else:
            for inner in coords:
                walk(inner)

    features = json.loads((GEODATA_DIR / name).read_text("utf-8"))["features"]
    for feature in features:
        if ids is None or feature["properties"]["id"] in ids:
            walk(feature["geometry"]["coordinates"])
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def test_the_default_view_is_framed_on_the_frontier(atlas):
    """Hokkaido, the four islands and southern Sakhalin's LNG plant, not the whole box."""
    (south, west), (north, east) = plan_view(atlas.layers, ViewOptions()).bounds
    for box in (
        geojson_box("hokkaido.geojson"),
        geojson_box("disputed_islands.geojson"),
        geojson_box("sakhalin_energy.geojson", {"s2_prigorodnoye"}),
    ):
        assert west <= box[0], box
        assert south <= box[1], box
        assert east >= box[2], box
        assert north >= box[3], box
    assert (north - south) * (east - west) < 0.5 * 13.6 * 20.0  # under half the whole region
