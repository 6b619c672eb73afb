"""Hostile text in every field of every layer kind, as files in geodata/ and as an upload:
the page opens, popups and tooltips open, and no payload runs.

The app runs against a copy of geodata/ whose text fields were replaced by script payloads
(ids, dates, numbers and URLs are kept so the features still validate; quotes cannot carry
a payload because a quote that is not verbatim in the article is rejected, which
``test_quote_payload_is_rejected`` checks). Every payload, if it ran, would set
``window.__pwned`` or open a dialog.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import shape

import harness
from harness.paths import DATA_DIR
from harness.uploads import UPLOADER_INPUT
from layers.core.records import PartialDate
from layers.core.specs import REGISTRY
from layers.record.article import load_article
from layers.record.loading import load_bytes

PAYLOADS = (
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "<script>window.__pwned=2</script>",
    '"><svg onload="window.__pwned=3">',
    "${window.__pwned=4}`);window.__pwned=5;(`",
    "</script><script>window.__pwned=6</script>",
    '<a href="javascript:window.__pwned=7">javascript:window.__pwned=7</a>',
)
GOOD_DEPLOYMENT = DATA_DIR / "good_deployment.geojson"
KEEP = {"id", "url", "archive_url", "date", "paragraph", "quote", "label_anchor", "setting"}
HOSTILE_NAME = '<img src=x onerror="window.__pwned=8">'
PWNED_JS = "() => typeof window.__pwned === 'undefined' ? null : window.__pwned"
CLICK_AT_JS = """([lat, lon, zoom]) => new Promise(resolve => {
    map.setView([lat, lon], zoom, {animate: false});
    const pt = map.latLngToContainerPoint([lat, lon]);
    const box = map.getContainer().getBoundingClientRect();
    resolve([box.left + pt.x, box.top + pt.y]);
})"""


def poison(value, key: str, counter: list[int]):
    """``value`` with every free-text string replaced by the next payload."""
    if isinstance(value, dict):
        return {k: poison(v, k, counter) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key, counter) for v in value]
    if isinstance(value, str) and key not in KEEP and PartialDate.parse(value) is None:
        counter[0] += 1
        return PAYLOADS[counter[0] % len(PAYLOADS)] + " " + value[:20]
    return value


def poisoned_copy(source: Path, target: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    counter = [0]
    for feature in data["features"]:
        props = feature["properties"]
        feature["properties"] = {k: poison(v, k, counter) for k, v in props.items()}
        # keep the quotes verbatim so the feature validates and its popup is drawn
        if "quotes" in props:
            feature["properties"]["quotes"] = props["quotes"]
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_geodata(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_geodata")
    for path in harness.GEODATA_DIR.glob("*.geojson"):
        poisoned_copy(path, folder / path.name)
    for name in ("scenes.json", "events.json"):
        shutil.copy(harness.GEODATA_DIR / name, folder / name)
    shutil.copy(GOOD_DEPLOYMENT, folder / "x.geojson")
    poisoned_copy(folder / "x.geojson", folder / f"{HOSTILE_NAME}.geojson")
    (folder / "x.geojson").unlink()
    return folder


@pytest.fixture(scope="module")
def hostile_server(chromium, hostile_geodata):
    """A second app server, reading the poisoned copy of geodata/."""
    log = harness.ARTIFACTS_DIR / "streamlit-hostile.log"
    env = {"FRONTIER_ATLAS_GEODATA": str(hostile_geodata)}
    with harness.app_server(log, env=env) as server:
        yield server.base_url


def click_point(feature: dict) -> tuple[float, float]:
    geom = shape(feature["geometry"])
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    point = (
        geom.interpolate(0.5, normalized=True)
        if "Line" in geom.geom_type
        else (geom.representative_point())
    )
    return point.y, point.x


def page_point(atlas, lat: float, lon: float) -> tuple[float, float]:
    """Centre the map on lat/lon; return that spot in page coordinates (iframe offset added)."""
    x, y = atlas.frame.evaluate(CLICK_AT_JS, [lat, lon, 9])
    frame_box = atlas.page.locator(harness.FOLIUM_IFRAME).bounding_box()
    return frame_box["x"] + x, frame_box["y"] + y


def open_every_popup(atlas, folder: Path) -> list[str]:
    """Click the first clickable feature of each layer; return the popup texts seen."""
    seen = []
    for path in sorted(folder.glob("*.geojson")):
        if path.stem == "basemap_land":
            continue
        for feature in json.loads(path.read_text("utf-8"))["features"][:3]:
            x, y = page_point(atlas, *click_point(feature))
            atlas.page.mouse.move(x, y)  # hover: tooltip
            atlas.page.mouse.click(x, y)
            popup = atlas.frame.locator(".leaflet-popup-content")
            if popup.count():
                seen.append(harness.squash(popup.first.inner_text()))
                # so the next count() sees the next click's popup, not this one fading out
                harness.close_popup(atlas.frame)
                break
    return seen


@pytest.mark.browser
def test_payloads_in_geodata_never_run(chromium, hostile_server, hostile_geodata):
    dialogs: list[str] = []
    atlas = harness.open_atlas(chromium, hostile_server, 1600, 1000)
    atlas.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        harness.wait_until_settled(atlas.page)
        sidebar = atlas.page.get_by_test_id("stSidebar")
        sidebar.get_by_text("Historical borders", exact=True).click()  # the one layer off
        box = atlas.page.get_by_role("checkbox", name="Historical borders", exact=True)
        box.wait_for(state="attached")
        assert box.is_checked()
        legend = atlas.map_frame.last.locator(".fa-legend", has_text="Historical border")
        legend.wait_for()  # the rerun has replaced the map with one showing the layer
        atlas.page.wait_for_function(harness.ONE_MAP_JS)  # and the old map's iframe is gone
        atlas.frame = harness.wait_for_map(atlas.page)
        popups = open_every_popup(atlas, hostile_geodata)
        assert len(popups) >= 8, popups  # every registered layer but the base map, + 1
        assert any("<img src=x onerror=" in text for text in popups)  # shown, as text
        assert atlas.frame.evaluate(PWNED_JS) is None
        assert atlas.page.evaluate(PWNED_JS) is None
        assert dialogs == []
        assert atlas.errors == []
        # the hostile file name is shown as text in the layer list ("_" reads as a space)
        assert sidebar.get_by_text("<img src=x onerror=", exact=False).count() >= 1
        atlas.page.screenshot(path=harness.SCREENSHOT_DIR / "hostile-geodata.png")
    finally:
        atlas.close()


@pytest.mark.browser
def test_payloads_in_an_upload_never_run(chromium, app_server, hostile_geodata, tmp_path):
    upload = tmp_path / "class layer <img src=x onerror=alert(9)>.geojson"
    shutil.copy(hostile_geodata / "deployments.geojson", upload)
    dialogs: list[str] = []
    atlas = harness.open_atlas(chromium, app_server, 1600, 1000)
    atlas.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        atlas.page.get_by_text("Add your own layer").click()
        atlas.page.locator(UPLOADER_INPUT).set_input_files(str(upload))
        title = f"Your layer: {upload.name}"
        # Found by its label's visible text: the accessible name is the label's Markdown
        # source, which carries markdown_literal's backslashes whenever the name has a
        # character Markdown would read.
        sidebar = atlas.page.get_by_test_id("stSidebar")
        layer_box = sidebar.get_by_test_id("stCheckbox").filter(has_text=title)
        layer_box.wait_for()
        assert harness.squash(layer_box.inner_text()) == title  # the name, as characters
        assert layer_box.get_by_role("checkbox").is_checked()
        atlas.map_frame.last.locator(".fa-legend", has_text=title).wait_for()
        atlas.page.wait_for_function(harness.ONE_MAP_JS)
        atlas.frame = harness.wait_for_map(atlas.page)
        assert title in atlas.frame.locator(".fa-legend").inner_text()
        feature = json.loads(upload.read_text("utf-8"))["features"][2]
        x, y = page_point(atlas, *click_point(feature))
        atlas.page.mouse.click(x, y)
        text = harness.squash(atlas.frame.locator(".leaflet-popup-content").first.inner_text())
        assert "<" in text  # the payload is on screen as characters
        assert atlas.frame.evaluate(PWNED_JS) is None
        assert atlas.page.evaluate(PWNED_JS) is None
        assert dialogs == []
        assert not any(p.name.startswith("class layer") for p in harness.GEODATA_DIR.iterdir())
    finally:
        atlas.close()


def test_quote_payload_is_rejected():
    data = json.loads(GOOD_DEPLOYMENT.read_text())
    data["features"][0]["properties"]["quotes"] = [{"quote": PAYLOADS[0], "paragraph": 1}]
    layer = load_bytes(
        "q.geojson", json.dumps(data).encode(), REGISTRY["deployments"], load_article()
    )
    (feature,) = layer.features  # drawn, without the quote
    assert feature.quotes == ()
    assert "quote not found verbatim" in layer.problems[0].message
