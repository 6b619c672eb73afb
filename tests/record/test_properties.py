"""Property-based: any JSON in any field of any layer, scene or event gives records or
problems, and the view and both renderers draw whatever loads without raising."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from layers.core.paths import GEODATA_DIR
from layers.core.problems import Problem
from layers.core.records import Feature, Layer
from layers.core.specs import REGISTRY, generic_spec
from layers.plan.view import ViewOptions, plan_view
from layers.print.figure import render_figure
from layers.record.article import load_article
from layers.record.loading import load_bytes, load_collection
from layers.record.scenes import load_events, load_scenes
from layers.uploads.layer import upload_spec
from layers.web.chrome import legend_html
from layers.web.mapbuild import build_map, label_marker, layer_collection
from layers.web.steering import client_state, everything

ARTICLE = load_article()
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKUP = ["<script>alert(1)</script>", "$x^2$ $\\invalid$", "![t](http://h/p.png)", "`${1}`"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(MARKUP)
    | st.builds(str.__mul__, st.sampled_from(["x", "国", "<"]), st.integers(1000, 20_000))
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def first_feature(key: str) -> dict:
    return json.loads((GEODATA_DIR / f"{key}.geojson").read_text(encoding="utf-8"))["features"][0]


SPECS = {key: spec for key, spec in REGISTRY.items() if key != "basemap_land"}
SPECS["unregistered"] = generic_spec("unregistered")
SPECS["upload"] = upload_spec("Class <b>$5$</b> [x](y).geojson")
TEMPLATES = {key: first_feature(key if key in REGISTRY else "deployments") for key in SPECS}


@st.composite
def odd_features(draw, key: str) -> dict:
    """A real feature of the layer with some of its properties replaced by any JSON."""
    feature = copy.deepcopy(TEMPLATES[key])
    props = feature["properties"]
    names = [*sorted(props), "quotes", "sources", "label_anchor", "name", "Name", "extra"]
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        props[name] = draw(json_values)
    if draw(st.integers(0, 9)) == 0:
        feature["properties"] = draw(json_values)
    if draw(st.integers(0, 9)) == 0:
        feature["geometry"] = draw(json_values)
    return feature


def check_layer(layer: Layer) -> None:
    assert all(isinstance(f, Feature) for f in layer.features)
    assert all(isinstance(p, Problem) and p.message for p in layer.problems)


def draw_data(layer: Layer) -> None:
    """The data-dependent part of the web map: features, popups, labels, legend."""
    for lang in ("en", "ja"):
        view = plan_view([layer], ViewOptions(visible=frozenset({layer.key}), lang=lang))
        for planned in view.layers:
            json.dumps(layer_collection(planned), allow_nan=True)
            [label_marker(label) for label in planned.labels]
        legend_html(view.legend)


def draw_both(layer: Layer) -> None:
    """The whole web page and the whole figure."""
    options = ViewOptions(visible=frozenset({layer.key}), lang="ja")
    view = plan_view([layer], everything([layer]))
    page = build_map(view, client_state([layer], options)).get_root().render()
    assert "<script>alert(1)" not in page
    render_figure(view)


@pytest.mark.parametrize("key", sorted(SPECS))
def test_any_properties_give_records_or_problems_and_draw(key):
    spec = SPECS[key]

    @FAST
    @given(st.lists(odd_features(key), min_size=1, max_size=3))
    def run(features):
        layer = load_collection(f"{key}.geojson", {"features": features}, spec, ARTICLE)
        check_layer(layer)
        assert len(layer.features) + len({p.feature for p in layer.problems}) >= len(features)
        draw_data(layer)

    run()


@SLOW
@given(st.sampled_from(sorted(SPECS)).flatmap(lambda k: st.tuples(st.just(k), odd_features(k))))
def test_the_figure_draws_any_feature_that_loads(key_and_feature):
    key, feature = key_and_feature
    layer = load_collection(f"{key}.geojson", {"features": [feature]}, SPECS[key], ARTICLE)
    draw_both(layer)


@FAST
@given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
@example(b'{"type": "FeatureCollection", "features": [' + b"[" * 5000 + b"]}")
@example(
    b'{"type": "FeatureCollection", "features": [{"type": "Feature", "n": 1' + b"0" * 5000 + b"}]}"
)
def test_any_bytes_give_a_layer_or_a_problem(raw):
    layer = load_bytes("any.geojson", raw, SPECS["unregistered"], ARTICLE)
    check_layer(layer)


@FAST
@given(json_values, st.sampled_from(["scenes", "events"]))
@example({"scenes": [{"id": "x", "quotes": "¶1"}]}, "scenes")
@example({"events": [{"title": "no id"}]}, "events")
@example([], "scenes")
def test_scenes_and_events_of_any_shape_give_records_or_problems(tmp_path_factory, data, which):
    folder = tmp_path_factory.mktemp(which)
    (folder / f"{which}.json").write_text(json.dumps(data), encoding="utf-8")
    if which == "scenes":
        records, problems = load_scenes(ARTICLE, [], folder)
    else:
        records, problems = load_events(ARTICLE, folder)
    assert records or problems
    assert all(isinstance(p, Problem) for p in problems)
