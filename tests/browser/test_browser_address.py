"""The address carries the view, in Chromium (issue 26): a reader pans and zooms, turns a layer
on, moves the timeline and switches the place names; the page's address, updated as they go,
opened in a fresh browser shows the same layers, year, language and view."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import harness

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("ADDRESS_SHOTS", harness.ARTIFACTS_DIR))
HERE = (43.9, 145.6, 8.5)  # over Kunashiri and the Nemuro strait: nothing the app picks itself
FIRST_YEAR = 1855  # the timeline's first year (the Treaty of Shimoda, geodata/events)
VIEW_JS = "() => [map.getCenter().lat, map.getCenter().lng, map.getZoom()]"
# The map is drawn and steered (its land's outline may be short: the view is zoomed in)
STEERED_JS = (
    "() => !!window.map && !window.map._animatingZoom"
    " && !!map.getContainer().getAttribute('data-atlas-state')"
)
SHOWN_JS = """() => Object.keys(window.atlas.layers).filter(
    key => key !== '_distances' && map.hasLayer(window.atlas.layers[key].group)).sort()"""


def query(page) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(page.url).query).items()}


def seen(atlas_page) -> dict:
    """What a person sees: the layers on the map, its year caption, its labels' language,
    the sidebar's choices."""
    frame, page = atlas_page.frame, atlas_page.page
    frame.evaluate("async () => { await document.fonts.ready; }")  # labels at their width
    classes = frame.locator(".leaflet-container").get_attribute("class")
    return {
        "layers": frame.evaluate(SHOWN_JS),
        "caption": frame.locator(".fa-asof").text_content(),
        "lang": [lang for lang in ("en", "ja", "ru") if f"fa-lang-{lang}" in classes],
        "history box": harness.sidebar(page)
        .get_by_role("checkbox", name="Historical borders")
        .is_checked(),
        "year": harness.sidebar(page).get_by_role("slider").get_attribute("aria-valuetext"),
        # folded where it would cover a label (the receiver's labels arrive in Japanese)
        "legend": frame.locator(".fa-legend").get_attribute("class"),
    }


def test_the_address_carries_layers_year_language_and_view(chromium, app_server):
    sender = harness.open_atlas(chromium, app_server, 1366, 768)
    receiver = None
    try:
        page, frame = sender.page, sender.frame
        harness.wait_until_settled(page)
        assert frame.evaluate("() => window.parent.atlas.state.year") is None
        # 1. pan and zoom: the address holds the view once the map has reported it
        lat, lon, zoom = HERE
        frame.evaluate(f"() => map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('view') === '43.9,145.6,8.5'"
        )
        harness.wait_until_settled(page)
        # 2-4. a layer, the year, the language: each a rerun that writes the address
        harness.change_and_wait(
            sender, lambda p: harness.sidebar(p).get_by_text("Historical borders").click()
        )
        harness.change_and_wait(
            sender,
            lambda p: (harness.sidebar(p).get_by_role("slider").focus(), p.keyboard.press("Home")),
        )
        harness.change_and_wait(sender, lambda p: harness.sidebar(p).get_by_text("日本語").click())
        page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'ja'")
        address = query(page)
        assert address["view"] == "43.9,145.6,8.5"  # the reruns kept the view
        assert address["year"] == str(FIRST_YEAR)
        assert address["lang"] == "ja"
        assert "history" in address["layers"].split(",")
        sent = seen(sender)
        assert sent["caption"] == f", as of {FIRST_YEAR}"
        assert sent["lang"] == ["ja"]
        assert "history" in sent["layers"]
        assert sent["history box"]
        page.screenshot(path=SHOTS / "address26-sender.png")

        # A fresh browser context (no cookies, no storage) opens the address.
        path = urlsplit(page.url)
        receiver = harness.open_atlas(
            chromium, app_server, 1366, 768, f"/?{path.query}", drawn_js=STEERED_JS
        )
        harness.wait_until_settled(receiver.page)
        receiver.frame.wait_for_function(
            f"() => {{ const [a, o, z] = ({VIEW_JS})();"
            f" return Math.abs(a - {lat}) < 0.001 && Math.abs(o - {lon}) < 0.001"
            f" && z === {zoom}; }}"
        )
        assert seen(receiver) == sent
        receiver.page.wait_for_function(
            "() => new URLSearchParams(location.search).get('view') === '43.9,145.6,8.5'"
        )
        assert query(receiver.page) == address  # and its address says the same
        receiver.page.screenshot(path=SHOTS / "address26-receiver.png")
        assert sender.errors == []
        assert receiver.errors == []
    finally:
        sender.close()
        if receiver is not None:
            receiver.close()


def test_a_wrong_address_opens_the_page_as_usual(chromium, app_server):
    atlas = harness.open_atlas(
        chromium,
        app_server,
        1366,
        768,
        "/?layers=%3Cscript%3E&year=99999&lang=xx&view=91,200,40&zoom=3&%E2%80%AE=1",
    )
    try:
        harness.wait_until_settled(atlas.page)
        assert atlas.frame.evaluate("() => window.parent.atlas.state.year") is None
        assert atlas.page.get_by_test_id("stException").count() == 0
        assert atlas.page.get_by_test_id("stAlert").count() == 0
        lat, lon, zoom = atlas.frame.evaluate(VIEW_JS)
        assert 41 < lat < 49
        assert 139 < lon < 150
        assert zoom < 8
        assert atlas.errors == []
    finally:
        atlas.close()
