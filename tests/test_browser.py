"""The app in a real browser: `streamlit run app.py` driven by headless Debian Chromium.

One app server and one browser serve the whole module (fixtures in conftest.py); the
first tests share one loaded page, and the screenshot tests load their own at fixed
viewport sizes. Expected texts come from the data files (geodata/), not from app code.
"""

from __future__ import annotations

import pytest
from shapely.geometry import Point, shape

from bench import harness

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
    texts = [harness.squash(t) for t in labels.all_text_contents()]
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
    grid = [
        Point(west + i * step, south + j * step)
        for i in range(int((east - west) / step) + 1)
        for j in range(int((north - south) / step) + 1)
    ]
    inside = sorted((p for p in grid if inner.contains(p)), key=centre.distance)
    return [(centre.y, centre.x)] + [(p.y, p.x) for p in inside[:limit]]


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
    expect(popup.locator("h3")).to_have_text(KUNASHIR)
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


@pytest.mark.parametrize(("width", "height"), [(1600, 1000), (1366, 768)])
def test_screenshot_for_people(chromium, app_server, width, height):
    atlas = harness.open_atlas(chromium, app_server, width, height)
    try:
        harness.wait_until_settled(atlas.page)
        expect(atlas.map_frame.locator(".fa-label:visible").first).to_be_visible()
        path = harness.SCREENSHOT_DIR / f"app-{width}x{height}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        atlas.page.screenshot(path=path, full_page=True)
        assert path.is_file()
        size = path.stat().st_size
        assert size > 50_000, f"{path} is only {size} bytes; the page is probably blank"
        assert not atlas.errors, "browser console errors:\n" + "\n".join(atlas.errors)
        foreign = atlas.foreign_requests()
        assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)

        # Streamlit scrolls its main column, not the document, so full_page above stops at
        # the viewport. A second picture with the window as tall as that column shows the
        # whole page (same width, so the same layout).
        whole = harness.SCREENSHOT_DIR / f"app-{width}x{height}-whole.png"
        atlas.page.set_viewport_size(
            {"width": width, "height": harness.main_column_height(atlas.page)}
        )
        harness.wait_until_settled(atlas.page)
        atlas.page.screenshot(path=whole, full_page=True)
        assert whole.stat().st_size > size
    finally:
        atlas.close()
