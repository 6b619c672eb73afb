"""The map stays in the reader's hands: in Chromium, every kind of change keeps their pan
and zoom, shows what the view plan says, and only an explicit move (a focus, a tour scene)
moves the map. The map element itself is never replaced."""

from __future__ import annotations

import json

import pytest

import harness
from layers.analyst.table import table_rows
from layers.plan.view import ViewOptions, plan_view
from layers.record.atlas import Atlas

pytestmark = pytest.mark.browser

VIEW_JS = "() => [map.getCenter().lat, map.getCenter().lng, map.getZoom()]"
# What the map shows now, per layer: features on the map (the steering's doing).
SHOWN_JS = """() => {
    const shown = {};
    for (const [key, entry] of Object.entries(window.atlas.layers)) {
        if (!entry.geojson) continue;
        shown[key] = map.hasLayer(entry.group) ? entry.geojson.getLayers().length : 0;
    }
    return shown;
}"""
HERE = (44.02, 145.86, 9)
FIRST_SCENE_BOUNDS = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"][
    0
]["bounds"]  # over Kunashiri, zoomed in: nothing the app would choose itself


def set_view(frame) -> None:
    frame.evaluate(
        f"() => {{ map.setView([{HERE[0]}, {HERE[1]}], {HERE[2]}, {{animate: false}}); }}"
    )


def view_of(frame) -> tuple[float, float, float]:
    lat, lon, zoom = frame.evaluate(VIEW_JS)
    return round(lat, 4), round(lon, 4), zoom


def expected_counts(atlas: Atlas, options: ViewOptions) -> dict[str, int]:
    """Features per layer that the view plan (the server's rule) shows for ``options``."""
    view = plan_view(atlas.layers, options, atlas.measures)
    counts = {layer.key: 0 for layer in atlas.layers}
    counts.update({layer.spec.key: len(layer.features) for layer in view.layers})
    return counts


CHANGES = {
    "layer": lambda page: harness.sidebar(page).get_by_text("Historical borders").click(),
    "year": lambda page: (
        harness.sidebar(page).get_by_role("slider").focus(),
        page.keyboard.press("Home"),
    ),
    "labels": lambda page: harness.sidebar(page).get_by_text("Labels on the map").click(),
    "distances": lambda page: harness.sidebar(page).get_by_text("Distances").click(),
    "language": lambda page: harness.sidebar(page).get_by_text("日本語").click(),
}


def test_every_kind_of_change_keeps_the_view_and_shows_what_the_plan_says(
    atlas_page, shipped_atlas
):
    frame = atlas_page.frame
    set_view(frame)
    kept = view_of(frame)
    for kind, act in CHANGES.items():
        harness.change_and_wait(atlas_page, act)
        assert view_of(frame) == kept, kind
    # After all five: history on, earliest year, labels and distances off, Japanese.
    first_year = frame.evaluate("() => window.parent.atlas.state.year")
    assert isinstance(first_year, int)
    options = ViewOptions(
        visible=frozenset(frame.evaluate("() => window.parent.atlas.state.layers")),
        as_of_year=first_year,
    )
    assert "history" in options.visible
    assert frame.evaluate(SHOWN_JS) == expected_counts(shipped_atlas, options)
    container = frame.locator(".leaflet-container")
    assert "fa-lang-ja" in container.get_attribute("class")
    assert "fa-nolabels" in container.get_attribute("class")
    assert atlas_page.page.evaluate(harness.ONE_MAP_JS)  # the same map, never replaced
    assert atlas_page.errors == []
    assert atlas_page.foreign_requests() == []


def test_a_focus_choice_flies_and_a_tour_scene_moves_the_map(atlas_page):
    frame = atlas_page.frame
    set_view(frame)
    harness.change_and_wait(
        atlas_page, lambda page: harness.sidebar(page).get_by_text("Sakhalin energy").click()
    )
    # flown north to Sakhalin's energy projects (46.6 to 53.6 N), within the fly's 0.8 s
    frame.wait_for_function("() => map.getCenter().lat > 48 && map.getZoom() < 8", timeout=5000)
    frame.evaluate("() => { window.loadedOnce = true; }")
    harness.change_and_wait(
        atlas_page, lambda page: harness.sidebar(page).get_by_text("Classroom tour").click()
    )
    # the same map, not reloaded: it flies to the first scene
    assert frame.evaluate("() => window.loadedOnce === true")
    (south, _), (north, _) = FIRST_SCENE_BOUNDS
    middle = (south + north) / 2
    frame.wait_for_function(f"() => Math.abs(map.getCenter().lat - {middle}) < 0.3", timeout=5000)
    first = view_of(frame)
    harness.change_and_wait(
        atlas_page, lambda page: page.get_by_role("button", name="Next ▶").click()
    )
    frame.wait_for_function(f"() => ({VIEW_JS})().join() !== {','.join(map(str, first))!r}")
    assert atlas_page.errors == []


def raw_point(layer: str, name_en: str) -> tuple[float, float]:
    data = json.loads((harness.GEODATA_DIR / f"{layer}.geojson").read_text("utf-8"))
    (lon, lat) = next(
        f["geometry"]["coordinates"]
        for f in data["features"]
        if f["properties"]["name_en"] == name_en
    )
    return lat, lon


def test_the_ring_toggle_and_a_table_row_steer_the_same_map(shipped_atlas, atlas_page):
    frame, page = atlas_page.frame, atlas_page.page
    frame.evaluate("() => { window.loadedOnce = true; }")
    assert frame.evaluate(SHOWN_JS)["claimed_ranges"] == 0  # off by default
    harness.change_and_wait(
        atlas_page, lambda page: harness.sidebar(page).get_by_text("Claimed ranges").click()
    )
    rings = expected_counts(shipped_atlas, ViewOptions(visible=frozenset({"claimed_ranges"})))
    assert frame.evaluate(SHOWN_JS)["claimed_ranges"] == rings["claimed_ranges"] > 0
    # The table's row for Yuzhno-Kurilsk (its place in the table, read from the data):
    # choosing it flies the same map there and opens the settlement's popup.
    rows = table_rows(shipped_atlas.drawable)
    index = next(i for i, row in enumerate(rows) if row.name_en == "Yuzhno-Kurilsk")
    assert index < 9  # visible without scrolling the grid (35 px rows)
    page.get_by_text("Every feature as a table").click()  # shown on request
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for(state="visible")
    harness.wait_until_settled(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    harness.change_and_wait(
        atlas_page, lambda page: page.mouse.click(box["x"] + 18, box["y"] + 35 * index + 52)
    )
    frame.wait_for_function(
        "() => (document.querySelector('.leaflet-popup h3') || {}).textContent"
        "?.startsWith('Yuzhno-Kurilsk')"
    )
    lat, lon = raw_point("island_settlements", "Yuzhno-Kurilsk")
    centre = frame.evaluate("() => [map.getCenter().lat, map.getCenter().lng]")
    assert abs(centre[0] - lat) < 0.5
    assert abs(centre[1] - lon) < 0.5
    assert frame.evaluate("() => window.loadedOnce === true")  # steered, not rebuilt
    assert frame.evaluate(SHOWN_JS)["claimed_ranges"] == rings["claimed_ranges"]
    assert atlas_page.errors == []


# Inside the map: where the point feature whose popup heading is ``heading`` is drawn now,
# in page pixels (the test then clicks there as a person would).
POINT_AT_JS = """heading => {
    const parser = new DOMParser();  // inert: the popup HTML is parsed, never run
    let found = null;
    map.eachLayer(layer => {
        const props = layer.feature && layer.feature.properties;
        if (found || !props || !props.popup_html || !(layer instanceof L.CircleMarker)) return;
        const h3 = parser.parseFromString(props.popup_html, 'text/html').querySelector('h3');
        if (h3.querySelector('[lang="en"]').textContent === heading) found = layer;
    });
    if (!found) return null;
    const pt = map.latLngToContainerPoint(found.getLatLng());
    return {x: pt.x, y: pt.y};
}"""


def shared_positions() -> list[tuple[tuple[float, float], list[str]]]:
    """Point features of the data that share one position, with their English names."""
    spots: dict[tuple[float, float], list[str]] = {}
    for key in ("deployments", "sakhalin_energy", "island_settlements", "hokkaido_points"):
        raw = json.loads((harness.GEODATA_DIR / f"{key}.geojson").read_text("utf-8"))
        for f in raw["features"]:
            if f["geometry"]["type"] == "Point" and not f["properties"].get("ended"):
                # (what has ended is not on the map now, the default view)
                spot = tuple(f["geometry"]["coordinates"])
                spots.setdefault(spot, []).append(f["properties"]["name_en"])
    return [(spot, names) for spot, names in spots.items() if len(names) > 1]


def click_opens(atlas_page, heading: str, view: list[float]) -> str:
    """At ``view`` ([lat, lon, zoom]), click where the point named ``heading`` is drawn; the
    heading of the popup that opens."""
    container = atlas_page.map_frame.locator(".leaflet-container")
    container.scroll_into_view_if_needed()  # before measuring: a scroll during the click moves it
    harness.close_popup(atlas_page.frame)
    atlas_page.frame.evaluate(harness.SET_VIEW_JS, view)  # undo the last popup's auto-pan
    spot = atlas_page.frame.evaluate(POINT_AT_JS, heading)
    assert spot is not None, f"{heading} is not on the map"
    container.click(position={"x": spot["x"], "y": spot["y"]})
    popup = atlas_page.map_frame.locator(".leaflet-popup-content h3 [lang='en']")
    popup.wait_for(state="attached")
    return popup.text_content()


def test_points_sharing_a_position_and_points_on_lines_open_their_own_popup(atlas_page):
    shared = shared_positions()
    assert shared, "the data no longer has points sharing a position: pick another case"
    for (lon, lat), names in shared:
        for zoom in (8, 11):  # the spread follows the zoom
            for name in names:
                assert click_opens(atlas_page, name, [lat, lon, zoom]) == name, (name, zoom)
    prigorodnoye = "Prigorodnoye production complex – Sakhalin LNG plant & oil export terminal"
    raw = json.loads((harness.GEODATA_DIR / "sakhalin_energy.geojson").read_text("utf-8"))
    (feature,) = [f for f in raw["features"] if f["properties"]["id"] == "s2_prigorodnoye"]
    name = feature["properties"]["name_en"]
    assert name.startswith(prigorodnoye)
    lon, lat = feature["geometry"]["coordinates"]
    assert click_opens(atlas_page, name, [lat, lon, 9]) == name
