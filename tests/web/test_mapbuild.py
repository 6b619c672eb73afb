"""The map builder, asserted on its rendered HTML (the page's script, as the browser gets it)."""

import re

import pytest

from harness.paths import DATA_DIR
from layers.core.specs import REGISTRY, generic_spec
from layers.plan.view import ViewOptions, focus_bounds, plan_view
from layers.record.article import load_article
from layers.record.loading import load_bytes
from layers.web.mapbuild import atlas_map, build_map
from layers.web.steering import client_state


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


@pytest.fixture(scope="module")
def layers(atlas):
    return list(atlas.layers)


def draw(layers, options=None, measures=()):
    return atlas_map(layers, measures, options or ViewOptions())


@pytest.fixture(scope="module")
def html(atlas, rendered):
    return rendered(draw(atlas.layers, ViewOptions(), atlas.measures))


def test_no_cdn_or_remote_asset_is_loaded(html):
    remote = re.findall(r'<(?:script|link)[^>]*(?:src|href)="(https?://[^"]+)"', html)
    assert remote == []
    assert '<script src="data:text/javascript;base64,' in html
    assert "cdn.jsdelivr.net" not in html
    assert "code.jquery.com" not in html


def test_every_loaded_layer_is_a_feature_group(html, layers):
    assert len(layers) == 10  # nine files and the claimed-range rings
    assert "Land, GSHHG shoreline</div>" in html  # the base map has no popup: its legend row
    for title in (
        "Hokkaido",
        "Disputed islands",
        "Settlements on the islands",
        "Places on Hokkaido",
        "Sakhalin-1 and Sakhalin-2",
        "Reported Russian deployments",
        "Russia–China joint patrols",
        "Claimed ranges",
    ):
        assert f'<p class="fa-layer">{title}</p>' in html, title


def test_popups_carry_their_quotes(html):
    assert (
        "“For the islands of Etorofu-to, Kunashiri-to, Shikotan-to and Habomai-gunto "
        "themselves, the long-term picture is bleak.”<cite>article, paragraph 18</cite>"
    ) in html


def test_a_popup_scrolls_inside_a_box_that_fits_the_map(html):
    # Leaflet's bindPopup options, as folium renders them: 420 px wide, at most 400 px tall
    # (the map is 700 px), so auto-pan can show the whole popup, its heading first.
    assert html.count('"maxHeight": 400') == html.count(".bindPopup(") > 0
    assert html.count('"maxWidth": 420') == html.count(".bindPopup(")


def test_island_labels_are_drawn(html):
    for name in ("Etorofu / Iturup", "Kunashiri / Kunashir", "Shikotan", "Habomai islands"):
        # on the island when zoomed in, at its label anchor when zoomed far out
        span = f'<span lang="en" class="fa-l fa-l-en">{name}</span>'
        assert f'<div class="fa-label fa-near-only">{span}' in html, name
        assert f'<div class="fa-label fa-far-only">{span}' in html, name


def test_distance_labels_and_scale_bar(html):
    assert "L.control.scale(" in html
    assert re.search(r'<div class="fa-dist">3\.\d km</div>', html)
    assert re.search(r'<div class="fa-dist">1[56]\.\d km</div>', html)


def test_the_map_carries_every_layer_and_starts_with_what_the_options_show(atlas, rendered):
    layers = atlas.layers
    only = ViewOptions(visible=frozenset({"disputed_islands"}))
    html = rendered(draw(layers, only, atlas.measures))
    legend_rows = set(re.findall(r'<div data-layer="(\w+)">', html))
    assert legend_rows == {layer.key for layer in layers} | {"_distances"}
    assert "Historical borders" in html  # off by default, still carried
    assert '"layers": ["disputed_islands"]' in html  # the first state handed to the steering
    assert "fa-pop" in html  # the islands' popup is bound


def test_every_language_is_on_the_map_and_the_state_picks_one(layers, rendered):
    html = rendered(draw(layers, ViewOptions(lang="ja")))
    for code, name in (("en", "Kunashiri / Kunashir"), ("ja", "国後島"), ("ru", "Кунашир")):
        assert f'<span lang="{code}" class="fa-l fa-l-{code}">{name}</span>' in html
    assert '"lang": "ja"' in html
    assert ".fa-lang-ja .fa-l:not(.fa-l-ja)" in html  # the others are hidden by CSS


def test_focus_fits_the_islands(layers):
    (south, west), (north, east) = focus_bounds(layers, "islands")
    assert 42.5 < south < 43.4
    assert 45.6 < north < 46.2
    assert 145.0 < west < 145.6
    assert 148.9 < east < 149.4
    state = client_state(layers, ViewOptions(focus="islands"), "focus:islands")
    frame = [[south, west], [north, east]]
    assert state["fit"] == {
        "bounds": frame,
        "subject": frame,
        "narrow": 640,
        "move": "focus:islands",
    }


PAYLOAD = '<img src=x onerror="window.__pwned=1">'


def test_hostile_text_is_escaped_in_the_page(tmp_path, rendered):
    text = (DATA_DIR / "good_deployment.geojson").read_text(encoding="utf-8")
    hostile = text.replace('"Test site"', '"' + PAYLOAD.replace('"', '\\"') + '"')
    layer = load_bytes("hostile.geojson", hostile.encode(), REGISTRY["deployments"], load_article())
    assert layer.features, layer.problems
    html = rendered(draw([layer]))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html


def test_unregistered_layer_is_drawn_with_generic_style(tmp_path, rendered):
    raw = (DATA_DIR / "good_deployment.geojson").read_bytes()
    layer = load_bytes("class_project.geojson", raw, generic_spec("class_project"), load_article())
    html = rendered(draw([layer]))
    assert "class_project (unregistered layer)" in html
    assert "#F0E442" in html


def test_point_markers_are_filled_so_their_centre_is_clickable(layers, rendered):
    only = ViewOptions(visible=frozenset({"deployments"}))
    html = rendered(draw(layers, only))
    assert '"fill": true, "fillColor": "#D55E00", "fillOpacity": 0.9' in html


def test_a_line_is_never_filled(layers, rendered):
    """Sakhalin's pipelines used to inherit the layer's fill: Leaflet drew green wedges."""
    options = ViewOptions(visible=frozenset({"sakhalin_energy"}))
    view = plan_view(layers, options)
    (layer,) = view.layers
    lines = [d for d in layer.features if d.feature.kind == "line"]
    points = [d for d in layer.features if d.feature.kind == "point"]
    assert len(lines) >= 2
    assert len(points) >= 2
    assert all(d.style.fill_opacity == 0 for d in lines)
    assert all(d.style.fill_opacity > 0 for d in points)
    html = rendered(build_map(view, client_state(layers, options)))
    pipeline = re.search(r'"name_en": "[^"]*ipeline[^"]*"', html)
    assert pipeline is None  # raw properties never reach the page
    assert html.count('"fill": false') >= len(lines)
