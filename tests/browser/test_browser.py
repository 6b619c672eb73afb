"""The app in a real browser: `streamlit run app.py` driven by headless Debian Chromium.

One app server and one browser serve the whole module (fixtures in conftest.py); the
first tests share one loaded page (the popup of every layer is opened there, the
"Historical borders" layer ticked on), and the screenshot tests load their own at fixed
viewport sizes. Expected texts come from the data files (geodata/), not from app code;
the layer titles below are the spec the popups are checked against.

Image baselines: ``test_baseline_*`` compare a picture of the map iframe (explore view at
1366x768, on a 390x844 phone; the tour's militarisation scene in test_browser_tour.py)
with tests/baselines/<name>.png: a pixel differs when a channel differs by more than 32,
and the test fails when more than 2 % of the pixels differ, writing the picture and a diff
to artifacts/screenshots/ (``harness.imagediff``). After a deliberate change of the map's
look, regenerate the baselines, look at them, and commit them::

    UPDATE_BASELINES=1 python -m pytest -m browser -k baseline
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, shape

import harness
from harness import imagediff

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails on CI) with instructions
    expect = None

pytestmark = pytest.mark.browser

DISPUTED_LABELS = ("Etorofu / Iturup", "Kunashiri / Kunashir", "Shikotan", "Habomai islands")
ORANGE = "#e69f00"  # the disputed islands' outline (Okabe-Ito orange)
KUNASHIR = "Kunashiri / Kunashir"
KUNASHIR_QUOTE = (
    "For the islands of Etorofu-to, Kunashiri-to, Shikotan-to and Habomai-gunto themselves, "
    "the long-term picture is bleak."
)

LAYER_TITLES = harness.LAYER_TITLES
POPUP_ZOOM = 9  # the zoom each feature is clicked at
EARTH_RADIUS_M = 6_378_137.0  # Leaflet's spherical Mercator (EPSG:3857)
# Length of one screen pixel at POPUP_ZOOM, in Mercator metres (256-pixel tiles).
PIXEL_M = 2 * math.pi * EARTH_RADIUS_M / (256 * 2**POPUP_ZOOM)

# Inside the st_folium iframe: the feature layer whose popup heading is ``heading``, and
# the first of ``points`` (lat, lon) on screen where the mouse would hit that feature's own
# path (not a marker, line or control drawn over it). Returns plain data only.
CLICK_TARGET_JS = """([heading, points]) => {
    const parser = new DOMParser();  // inert: the popup HTML is parsed, never run
    const headingOf = html => {  // the popup's English heading
        const h3 = parser.parseFromString(html, 'text/html').querySelector('h3');
        return h3 ? (h3.querySelector('[lang="en"]') || h3).textContent : null;
    };
    let target = null;
    map.eachLayer(layer => {
        const props = layer.feature && layer.feature.properties;
        if (target || !props || !props.popup_html || !layer._path) return;
        if (headingOf(props.popup_html) === heading) target = layer;
    });
    if (!target) return {found: false, x: null, y: null, covered_by: []};
    const box = map.getContainer().getBoundingClientRect();
    const size = map.getSize();
    const coveredBy = new Set();
    for (const [lat, lon] of points) {
        const pt = map.latLngToContainerPoint([lat, lon]);
        if (pt.x < 2 || pt.y < 2 || pt.x > size.x - 2 || pt.y > size.y - 2) continue;
        const hit = document.elementFromPoint(box.left + pt.x, box.top + pt.y);
        if (hit === target._path) return {found: true, x: pt.x, y: pt.y, covered_by: []};
        let over = hit ? hit.tagName.toLowerCase() + '.' + hit.getAttribute('class') : 'nothing';
        map.eachLayer(layer => {
            const props = layer.feature && layer.feature.properties;
            if (hit && layer._path === hit && props && props.popup_html) {
                over = 'feature ' + headingOf(props.popup_html);
            }
        });
        coveredBy.add(over);
    }
    return {found: true, x: null, y: null, covered_by: [...coveredBy]};
}"""


# Inside the st_folium iframe: true once a feature with each of these popup headings is on
# the map.
ALL_ON_MAP_JS = """names => {
    const parser = new DOMParser();
    const shown = new Set();
    map.eachLayer(layer => {
        const props = layer.feature && layer.feature.properties;
        if (!props || !props.popup_html) return;
        const h3 = parser.parseFromString(props.popup_html, 'text/html').querySelector('h3');
        if (h3) shown.add((h3.querySelector('[lang="en"]') || h3).textContent);
    });
    return names.every(name => shown.has(name));
}"""


@pytest.fixture(scope="module")
def atlas(chromium, app_server):
    """The app loaded once at 1600x1000 with its map drawn, shared by the tests below."""
    atlas = harness.open_atlas(chromium, app_server, 1600, 1000)
    yield atlas
    atlas.close()


def test_map_appears_with_land_drawn(atlas):
    expect(atlas.map_frame.locator(".leaflet-container")).to_be_visible()
    outline = atlas.frame.evaluate(harness.LAND_PATH_LENGTH_JS)
    assert outline > 10_000, f"land outline only {outline} characters: base map not drawn"
    interactive = atlas.frame.locator("path.leaflet-interactive").count()
    assert interactive >= 4, f"only {interactive} clickable features drawn"


def test_the_four_disputed_islands_are_drawn(atlas):
    labels = atlas.map_frame.locator(".fa-label:visible")  # far-zoom or near-zoom copy
    for name in DISPUTED_LABELS:
        expect(labels.filter(has_text=name).first).to_be_visible()
    texts = [harness.squash(t) for t in labels.all_inner_texts()]  # as shown
    assert set(DISPUTED_LABELS) <= set(texts), f"map labels: {texts}"

    strokes = atlas.frame.eval_on_selector_all(
        ".leaflet-container svg path", "paths => paths.map(p => p.getAttribute('stroke') || '')"
    )
    orange = [s for s in strokes if s.lower() == ORANGE]
    assert len(orange) >= 4, f"{len(orange)} orange island outlines; strokes: {set(strokes)}"


def _interior_points(feature: dict, limit: int = 40) -> list[tuple[float, float]]:
    """(lat, lon) points well inside the polygon, nearest its representative point first."""
    geom = shape(feature["geometry"])
    inner = geom.buffer(-0.01)  # ~1 km from the shore, so a pixel of rounding stays inside
    centre = geom.representative_point()
    west, south, east, north = geom.bounds
    step = 0.02
    lons, lats = np.meshgrid(np.arange(west, east, step), np.arange(south, north, step))
    lons, lats = lons.ravel(), lats.ravel()
    inside = shapely.contains_xy(inner, lons, lats)  # vectorised: Hokkaido is 50,000 points
    lons, lats = lons[inside], lats[inside]
    nearest = np.argsort(np.hypot(lons - centre.x, lats - centre.y))[:limit]
    return [(centre.y, centre.x)] + [(float(lats[i]), float(lons[i])) for i in nearest]


def test_clicking_kunashir_opens_its_article_quote(atlas):
    feature = harness.island_feature(KUNASHIR)
    quotes = [q["quote"] for q in feature["properties"]["quotes"]]
    assert KUNASHIR_QUOTE in quotes, "the data file no longer quotes this passage for Kunashir"
    article = harness.squash(harness.article_text())
    assert harness.squash(KUNASHIR_QUOTE) in article, "the quote is not verbatim in article.md"

    frame = atlas.frame
    zoom = frame.evaluate(harness.SET_VIEW_JS, [44.1, 145.8, 8])
    assert zoom == 8

    # A point inside Kunashir where the island's own path is what the mouse would hit
    # (not a label, a settlement marker or a distance line drawn over it).
    probe = None
    for lat, lon in _interior_points(feature):
        probe = frame.evaluate(harness.PROBE_JS, [KUNASHIR, lat, lon])
        assert probe["found"], f"no Leaflet layer with a tooltip naming {KUNASHIR}"
        if probe["hitIsTarget"]:
            break
    assert probe["hitIsTarget"], f"Kunashir's path is covered everywhere; last hit: {probe}"
    assert (probe["stroke"] or "").lower() == ORANGE

    atlas.map_frame.locator(".leaflet-container").click(position={"x": probe["x"], "y": probe["y"]})
    popup = atlas.map_frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup.locator("h3")).to_have_text(KUNASHIR, use_inner_text=True)
    expect(popup).to_contain_text("From the article")
    expect(popup.locator("blockquote", has_text=KUNASHIR_QUOTE)).to_be_visible()

    # Every passage the popup presents as the article's is in the article, word for word.
    shown = popup.locator("blockquote").evaluate_all(
        """quotes => quotes.map(q => {
            const copy = q.cloneNode(true);
            copy.querySelectorAll('cite').forEach(c => c.remove());
            return copy.textContent;
        })"""
    )
    assert len(shown) == len(quotes), f"popup shows {len(shown)} quotes, data has {len(quotes)}"
    for text in shown:
        passage = harness.squash(text).strip('“”"')
        assert passage in article, f"popup quote not verbatim in article.md: {passage!r}"

    # For people to look at: the popup once Leaflet's fade-in has finished.
    frame.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    harness.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    atlas.page.screenshot(path=harness.SCREENSHOT_DIR / "kunashir-popup-1600x1000.png")


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return (
        EARTH_RADIUS_M * math.radians(lon),
        EARTH_RADIUS_M * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)),
    )


def _lat_lon(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of a Mercator point."""
    lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS_M)) - math.pi / 2)
    return lat, math.degrees(x / EARTH_RADIUS_M)


def click_points(feature: dict) -> list[tuple[float, float]]:
    """(lat, lon) points where a click at POPUP_ZOOM lands on the feature, best first.

    A point feature: its coordinates, then 3 px around them (the marker is at least 5 px
    in radius). An area: points well inside it (``_interior_points``). A line: the middle
    of the line as Leaflet draws it (straight in Mercator, so measured there), then points
    every 2 px either side of it (a dashed line has gaps to step over).
    """
    geom = shape(feature["geometry"])
    if geom.geom_type == "Point":
        x, y = _mercator(geom.x, geom.y)
        ring = [
            (x + 3 * PIXEL_M * math.cos(a), y + 3 * PIXEL_M * math.sin(a))
            for a in (i * math.pi / 4 for i in range(8))
        ]
        return [(geom.y, geom.x)] + [_lat_lon(*p) for p in ring]
    if "Polygon" in geom.geom_type:
        return _interior_points(feature)
    if geom.geom_type == "MultiLineString":
        geom = max(geom.geoms, key=lambda part: part.length)
    line = LineString([_mercator(lon, lat) for lon, lat, *_ in geom.coords])
    middle, step = line.length / 2, 2 * PIXEL_M
    along = [middle] + [middle + sign * i * step for i in range(1, 150) for sign in (1, -1)]
    return [_lat_lon(p.x, p.y) for p in (line.interpolate(d) for d in along)]


def popup_candidates(key: str) -> list[dict]:
    """The layer's features, those quoting the article first, each in file order."""
    features = json.loads((harness.GEODATA_DIR / f"{key}.geojson").read_text("utf-8"))
    features = features["features"]
    return sorted(features, key=lambda f: not f["properties"].get("quotes"))


def test_every_layer_with_popups_is_in_this_test():
    layers = {p.stem for p in harness.GEODATA_DIR.glob("*.geojson")} - {"basemap_land"}
    assert layers == set(LAYER_TITLES), "geodata/ layers and LAYER_TITLES differ"


@pytest.fixture(scope="module")
def atlas_with_history(atlas):
    """The shared page with the "Historical borders" layer ticked on (the one layer off)
    and every one of its features drawn on the map."""
    page = atlas.page
    harness.wait_until_settled(page)
    box = page.get_by_role("checkbox", name="Historical borders", exact=True)
    if not box.is_checked():
        page.get_by_test_id("stSidebar").get_by_text("Historical borders", exact=True).click()
    legend = atlas.map_frame.last.locator(".fa-legend").get_by_text("Historical border")
    expect(legend).to_be_visible()  # the map shows the layer (rebuilt, or steered)
    page.wait_for_function(harness.ONE_MAP_JS)  # and no older map's iframe is left
    atlas.frame = harness.wait_for_map(page)
    history = [f["properties"]["name_en"] for f in popup_candidates("history")]
    atlas.frame.wait_for_function(ALL_ON_MAP_JS, arg=history)
    harness.wait_until_settled(page)
    assert box.is_checked()
    assert page.locator(".st-key-show_history input").is_checked()
    return atlas


@pytest.mark.parametrize("key", list(LAYER_TITLES))
def test_popup_of_every_layer_opens_by_click(atlas_with_history, key):
    """Click one feature of the layer in the map; its popup names it, the layer, and
    shows its first article quote verbatim. Features quoting the article are tried first;
    a feature drawn entirely under others is passed over for the next one."""
    atlas = atlas_with_history
    frame, title = atlas.frame, LAYER_TITLES[key]
    harness.close_popup(frame)  # a popup an earlier test left open
    article = harness.squash(harness.article_text())
    tried = []
    for feature in popup_candidates(key):
        name = feature["properties"]["name_en"]
        points = click_points(feature)
        assert frame.evaluate(harness.SET_VIEW_JS, [*points[0], POPUP_ZOOM]) == POPUP_ZOOM
        target = frame.evaluate(CLICK_TARGET_JS, [name, points])
        assert target["found"], f"no feature on the map has a popup headed {name!r}"
        if target["x"] is not None:
            break
        tried.append(f"{name!r} covered by {target['covered_by']}")
    else:
        pytest.fail(f"no feature of {key} can be clicked:\n  " + "\n  ".join(tried))

    atlas.map_frame.locator(".leaflet-container").click(
        position={"x": target["x"], "y": target["y"]}
    )
    popup = atlas.map_frame.locator(".leaflet-popup-content")
    try:
        expect(popup).to_be_visible()
        expect(popup.locator("h3")).to_have_text(name, use_inner_text=True)  # as shown
        expect(popup.locator(".fa-layer")).to_have_text(title, use_inner_text=True)
        quotes = [q["quote"] for q in feature["properties"].get("quotes") or ()]
        expect(popup.locator("blockquote")).to_have_count(len(quotes))
        if quotes:
            assert harness.squash(quotes[0]) in article, f"{name}: quote not in article.md"
            expect(popup.locator("blockquote").first).to_contain_text(quotes[0])
    finally:
        harness.close_popup(frame)


def test_no_request_leaves_for_another_host(atlas):
    # Recorded from the moment the page opened, through the map drawing and the click above.
    assert any("/component/streamlit_folium." in url for url in atlas.requests), (
        "the request recorder saw no st_folium request; it is not recording"
    )
    foreign = atlas.foreign_requests()
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)


def test_no_console_errors(atlas):
    # No filtering: Chromium printed only warnings here (Permissions-Policy features it
    # does not know, the sandboxed component iframe), never errors.
    assert not atlas.errors, "browser console errors:\n" + "\n".join(atlas.errors)


def _page_screenshots(atlas, width: int, height: int) -> int:
    """Pictures of the page for people to look at; returns the viewport picture's bytes."""
    harness.wait_until_settled(atlas.page)
    expect(atlas.map_frame.locator(".fa-label:visible").first).to_be_visible()
    path = harness.SCREENSHOT_DIR / f"app-{width}x{height}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    atlas.page.screenshot(path=path, full_page=True)
    assert path.is_file()
    size = path.stat().st_size
    assert not atlas.errors, "browser console errors:\n" + "\n".join(atlas.errors)
    foreign = atlas.foreign_requests()
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)

    # Streamlit scrolls its main column, not the document, so full_page above stops at
    # the viewport. A second picture with the window as tall as that column shows the
    # whole page (same width, so the same layout).
    whole = harness.SCREENSHOT_DIR / f"app-{width}x{height}-whole.png"
    atlas.page.set_viewport_size({"width": width, "height": harness.main_column_height(atlas.page)})
    harness.wait_until_settled(atlas.page)
    atlas.page.screenshot(path=whole, full_page=True)
    assert whole.stat().st_size > size
    return size


def test_screenshot_for_people(chromium, app_server):
    atlas = harness.open_atlas(chromium, app_server, 1600, 1000)
    try:
        size = _page_screenshots(atlas, 1600, 1000)
        assert size > 50_000, f"the 1600x1000 picture is only {size} bytes; blank page?"
    finally:
        atlas.close()


def _map_baseline(atlas, name: str) -> imagediff.Comparison:
    """The map iframe compared with tests/baselines/<name>.png (printed: run with -s)."""
    harness.wait_until_settled(atlas.page)
    expect(atlas.map_frame.locator(".fa-label:visible").first).to_be_visible()
    result = imagediff.check_baseline(name, imagediff.map_screenshot(atlas.page, atlas.frame))
    print(result)  # noqa: T201
    return result


def test_baseline_explore_1366x768(chromium, app_server):
    """The explore view's map on a laptop matches its baseline; the page pictures for
    people at this size are taken too (after the map's, which the resize could disturb)."""
    atlas = harness.open_atlas(chromium, app_server, 1366, 768)
    try:
        result = _map_baseline(atlas, "explore-1366x768")
        _page_screenshots(atlas, 1366, 768)
        assert result.ok, str(result)
    finally:
        atlas.close()


def test_baseline_phone_390x844(chromium, app_server):
    """The explore view's map on a phone (sidebar collapsed) matches its baseline."""
    atlas = harness.open_atlas(chromium, app_server, 390, 844)
    try:
        result = _map_baseline(atlas, "phone-390x844")
        assert not atlas.errors, "browser console errors:\n" + "\n".join(atlas.errors)
        assert atlas.foreign_requests() == []
        assert result.ok, str(result)
    finally:
        atlas.close()
