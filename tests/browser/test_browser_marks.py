"""Marks through the real page in Chromium: a line drawn across the Nemuro Strait from Cape
Nosappu to Kunashir shows its geodesic length (against pyproj.Geod, within 0.1 %), is edited
(a vertex dragged, a colour, a hostile label shown literally), reaches the session (the
"Download my marks" file and the PNG export draw it) and is deleted. The ends come from
geodata/, the expected length from pyproj, never from the code under test."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

import harness

pytestmark = pytest.mark.browser

GEOD = Geod(ellps="WGS84")
SHOTS = Path(os.environ.get("MARKS_SHOTS", harness.ARTIFACTS_DIR / "screenshots"))
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> $x$ **b**"
MEASURE = re.compile(r"^([\d,]+\.\d) km \(([\d,]+\.\d) nmi\)$")


def _feature(name: str, fid: str) -> dict:
    data = json.loads((harness.GEODATA_DIR / name).read_text("utf-8"))
    return next(f for f in data["features"] if f["properties"].get("id") == fid)


def strait_ends() -> tuple[tuple[float, float], tuple[float, float]]:
    """(lat, lon) of Cape Nosappu and of Kunashir's coast vertex nearest to it."""
    cape = shape(_feature("hokkaido_points.geojson", "cape_nosappu")["geometry"])
    island = shape(_feature("disputed_islands.geojson", "kunashiri")["geometry"])
    coast = (
        island.exterior
        if island.geom_type == "Polygon"
        else max(island.geoms, key=lambda g: g.area).exterior
    )
    nearest = min((Point(c) for c in coast.coords), key=cape.distance)
    return (cape.y, cape.x), (nearest.y, nearest.x)


def pixel(frame, lat: float, lon: float) -> dict:
    x, y = frame.evaluate(
        f"() => {{ const p = map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}"
    )
    return {"x": x, "y": y}


def drawn(frame) -> list[dict]:
    return frame.evaluate("() => window.drawnItems.toGeoJSON().features")


def geodesic_km(coords: list[list[float]]) -> float:
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats) / 1000


def measure_shown(atlas) -> tuple[float, float]:
    text = atlas.map_frame.locator(".fa-mark-measure").first.inner_text().strip()
    match = MEASURE.match(text)
    assert match, f"the line's tooltip says {text!r}"
    return float(match[1].replace(",", "")), float(match[2].replace(",", ""))


def download(page, name: str) -> bytes:
    button = page.get_by_role("button", name=name)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as done:
        button.click()
    return Path(done.value.path()).read_bytes()


def test_a_line_across_the_nemuro_strait(chromium, app_server):
    atlas = harness.open_atlas(chromium, app_server, 1366, 768)
    page, frame, inside = atlas.page, atlas.frame, atlas.map_frame
    try:
        harness.wait_until_settled(page)
        cape, coast = strait_ends()
        frame.evaluate("() => map.setView([43.6, 145.6], 9, {animate: false})")
        container = inside.locator(".leaflet-container")
        inside.get_by_role("button", name="Draw a line").click()
        container.click(position=pixel(frame, *cape))
        container.click(position=pixel(frame, *coast))
        container.click(position=pixel(frame, *coast))  # the last vertex again: finished
        marks = drawn(frame)
        assert len(marks) == 1
        assert marks[0]["geometry"]["type"] == "LineString"
        coords = marks[0]["geometry"]["coordinates"]
        assert len(coords) == 2
        km, nmi = measure_shown(atlas)
        truth = geodesic_km(coords)
        assert abs(km - truth) <= max(0.001 * truth, 0.05), (km, truth)
        assert abs(nmi - truth / 1.852) <= 0.05 + 0.001 * truth
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "marks-line-1366x768.png"))

        # Edit: drag the far vertex, restyle, label it with hostile text
        handle = inside.locator(".fa-mark-vertex").nth(1)
        box = handle.bounding_box()
        page.mouse.move(box["x"] + 6, box["y"] + 6)
        page.mouse.down()
        page.mouse.move(box["x"] + 46, box["y"] - 24, steps=5)
        page.mouse.up()
        moved = drawn(frame)[0]["geometry"]["coordinates"]
        assert moved[0] == coords[0]
        assert moved[1] != coords[1]
        km2, _ = measure_shown(atlas)
        assert abs(km2 - geodesic_km(moved)) <= max(0.001 * km2, 0.05)
        inside.get_by_label("Colour").select_option(label="Blue")
        inside.get_by_label("Arrow head").check()
        label = inside.get_by_role("textbox", name="Label")
        label.fill(HOSTILE)
        label.press("Enter")
        tip = inside.locator(".fa-mark-label")
        assert tip.inner_text() == HOSTILE
        assert inside.locator(".fa-mark-tip img, .fa-mark-tip script").count() == 0
        props = drawn(frame)[0]["properties"]
        assert (props["color"], props["arrow"], props["label"]) == ("#0072B2", True, HOSTILE)

        # The session has them: the download, and the PNG of this view
        page.wait_for_timeout(1500)  # streamlit-folium reports after 250 ms; the rerun
        harness.wait_until_settled(page)
        got = json.loads(download(page, "Download my marks"))
        assert [f["geometry"]["coordinates"] for f in got["features"]] == [
            [[round(x, 6) for x in p] for p in moved]
        ]
        assert got["features"][0]["properties"]["label"] == HOSTILE
        assert "crs" not in got
        png = download(page, "PNG for a slide (1920×1080)")
        assert png.startswith(b"\x89PNG")
        (SHOTS / "marks-export-from-page.png").write_bytes(png)

        # Delete
        (lon0, lat0), (lon1, lat1) = moved
        container.click(position=pixel(frame, (lat0 + lat1) / 2, (lon0 + lon1) / 2))  # selects it
        assert inside.get_by_role("textbox", name="Label").input_value() == HOSTILE, drawn(frame)
        inside.get_by_role("button", name="Delete marks").click()
        assert drawn(frame) == []
        # a state the page sent before the delete does not bring the mark back
        frame.evaluate(
            "(marks) => atlas.apply(Object.assign({}, atlas.state, {marks: marks}))",
            got["features"],
        )
        assert drawn(frame) == []
        inside.locator(".fa-mark-measure").first.wait_for(state="detached")  # after its fade
        assert atlas.errors == []
    finally:
        atlas.close()


def test_the_toolbar_by_keyboard(chromium, app_server):
    """Every button is reached by Tab with its name; a point is added by Enter alone."""
    atlas = harness.open_atlas(chromium, app_server, 1366, 768)
    page, frame, inside = atlas.page, atlas.frame, atlas.map_frame
    try:
        harness.wait_until_settled(page)
        names = ["Draw a line", "Draw an area", "Add a point", "Add a text label", "Delete marks"]
        for name in names:
            assert inside.get_by_role("button", name=name).count() == 1
        button = inside.get_by_role("button", name="Add a point")
        button.focus()
        page.keyboard.press("Space")  # the button's own key: the mode
        assert button.get_attribute("aria-pressed") == "true"
        page.keyboard.press("Enter")  # the map's centre
        marks = drawn(frame)
        assert [m["geometry"]["type"] for m in marks] == ["Point"]
        # An area by keyboard: Space adds the centre as a vertex, the map moves, Enter ends
        inside.get_by_role("button", name="Draw an area").focus()
        page.keyboard.press("Enter")
        for dx, dy in ((0, 0), (200, 0), (0, 150)):
            frame.evaluate(f"() => map.panBy([{dx}, {dy}], {{animate: false}})")
            page.keyboard.press("Space")
        page.keyboard.press("Enter")
        area = drawn(frame)[1]
        ring = area["geometry"]["coordinates"][0]
        assert len(ring) == 4  # three vertices, closed
        lons, lats = zip(*ring, strict=True)
        truth = abs(GEOD.polygon_area_perimeter(lons, lats)[0]) / 1e6
        shown = inside.locator(".fa-mark-measure").last.inner_text()
        assert shown.endswith(" km²")
        assert abs(float(shown[:-4].replace(",", "")) - truth) <= max(0.001 * truth, 0.05)
        assert atlas.errors == []
    finally:
        atlas.close()
