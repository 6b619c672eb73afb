"""No two labels overlap, in any tour scene, on a projector (1366x768) or a phone (390x844):
measured in Chromium from the rendered labels' boxes (getBoundingClientRect), after the
map has flown to each scene; and the legend covers none of the scene's highlighted
features (its subject). The phone walks the tour with its Next button."""

from __future__ import annotations

import json

import pytest

import harness

pytestmark = pytest.mark.browser

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
# Boxes of the labels drawn inside the map's area, and every pair that overlaps.
OVERLAPS_JS = """() => {
    const area = map.getContainer().getBoundingClientRect();
    const boxes = [...document.querySelectorAll('.fa-label, .fa-dist')]
        .filter(e => e.offsetParent !== null)
        .map(e => { const r = e.getBoundingClientRect();
                    return [r.left, r.top, r.right, r.bottom, e.innerText]; })
        .filter(b => b[2] > area.left && b[0] < area.right
                  && b[3] > area.top && b[1] < area.bottom);
    const pairs = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
        if (a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5) {
            pairs.push([a[4], b[4]]);
        }
    }));
    return {shown: boxes.map(b => b[4]), overlapping: pairs};
}"""
# Highlighted features (ids from scenes.json) the legend's box covers, on screen.
UNDER_LEGEND_JS = """(ids) => {
    const legend = document.querySelector('.fa-legend').getBoundingClientRect();
    const under = [];
    map.eachLayer(layer => {
        const id = layer.feature && layer.feature.properties.id;
        if (!ids.includes(id) || !(layer.getBounds || layer.getLatLng)) return;
        const box = layer.getBounds ? layer.getBounds()
            : L.latLngBounds([layer.getLatLng(), layer.getLatLng()]);
        const nw = map.latLngToContainerPoint(box.getNorthWest());
        const se = map.latLngToContainerPoint(box.getSouthEast());
        const at = map.getContainer().getBoundingClientRect();
        if (at.left + nw.x < legend.right && legend.left < at.left + se.x
            && at.top + nw.y < legend.bottom && legend.top < at.top + se.y) under.push(id);
    });
    return under;
}"""
COUNT_MOVES_JS = "() => { window.moves = 0; map.on('moveend', () => { window.moves += 1; }); }"


def next_scene(atlas, phone: bool) -> None:
    """Move to the next scene and wait until the map has flown there."""
    before = atlas.frame.evaluate("() => window.moves")
    if phone:
        atlas.page.get_by_role("button", name="Next ▶").click()
    else:
        atlas.page.keyboard.press("PageDown")
    atlas.frame.wait_for_function(f"() => window.moves > {before} && !map._animatingZoom")
    harness.wait_until_settled(atlas.page)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)], ids=["projector", "phone"])
def test_no_two_labels_overlap_and_the_legend_hides_no_subject(chromium, app_server, width, height):
    atlas = harness.open_atlas(chromium, app_server, width, height, f"/?scene={SCENES[0]['id']}")
    try:
        harness.wait_until_settled(atlas.page)
        atlas.frame.evaluate(COUNT_MOVES_JS)
        for index, scene in enumerate(SCENES):
            if index:
                next_scene(atlas, phone=width < 500)
            assert f"scene={scene['id']}" in atlas.page.url
            found = atlas.frame.evaluate(OVERLAPS_JS)
            assert found["shown"], scene["id"]  # every scene names something
            assert found["overlapping"] == [], scene["id"]
            subject = [mark["id"] for mark in scene["highlight"]]
            assert atlas.frame.evaluate(UNDER_LEGEND_JS, subject) == [], scene["id"]
        assert atlas.errors == []
    finally:
        atlas.close()
