"""Each JavaScript plug-in on a tiny folium page opened from ``file://``: one layer of one
point, the plug-in under test, and nothing else of the app (no server, no Streamlit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import folium
import pytest

from layers.core.specs import Style
from layers.plan.view import LegendEntry
from layers.web import a11y, chrome
from layers.web.fold import add_legend_fold
from layers.web.offline import make_offline
from layers.web.presenter import add_presenter
from layers.web.steering import ClientState, Register, Steering

pytestmark = pytest.mark.browser

LAYER = "points"


def tiny_state(**changes: object) -> ClientState:
    state: ClientState = {
        "layers": [LAYER],
        "year": None,
        "labels": True,
        "distances": True,
        "lang": "en",
        "highlight": [],
        "title": "A tiny map",
        "sources": "",
        "tiles": None,
        "focus": None,
        "fit": {"bounds": [[43.0, 145.0], [44.0, 146.0]], "move": "first"},
        "place": {},
        "marks": [],
        "version": "1",
    }
    state.update(changes)  # type: ignore[typeddict-item]
    return state


def tiny_map() -> folium.Map:
    """An offline map of one registered layer (one point), steered like the app's map."""
    fmap = make_offline(folium.Map(location=(43.5, 145.5), zoom_start=8, tiles=None))
    group = folium.FeatureGroup(name=LAYER)
    folium.CircleMarker((43.5, 145.5), radius=6).add_to(group)
    Register(LAYER, None, None).add_to(group)
    group.add_to(fmap)
    Steering(tiny_state(), {}).add_to(fmap)
    return fmap


@pytest.fixture
def open_file(chromium, tmp_path: Path) -> Callable[[folium.Map], object]:
    """Save a map to a file and open it from disk; the page fails on any script error."""
    pages = []

    def open_map(fmap: folium.Map):
        path = tmp_path / "tiny.html"
        fmap.save(str(path))
        page = chromium.new_page(viewport={"width": 800, "height": 600})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.atlas && window.atlas.apply")
        pages.append((page, errors))
        return page

    yield open_map
    for page, errors in pages:
        page.close()
        assert errors == [], errors


def test_steering_hides_and_shows_a_layer(open_file):
    page = open_file(tiny_map())
    shown = "() => Boolean(window.atlas.layers.points.group._map)"
    assert page.evaluate(shown)
    page.evaluate("s => window.atlas.apply(s)", tiny_state(layers=[], version="2"))
    assert not page.evaluate(shown)
    page.evaluate("s => window.atlas.apply(s)", tiny_state(version="3"))
    assert page.evaluate(shown)
    assert page.evaluate("() => window.atlas.state.version") == "3"


def test_the_presenter_shows_the_scene_card_under_the_map(open_file):
    fmap = tiny_map()
    add_presenter(fmap)
    page = open_file(fmap)
    assert page.locator(".fa-full-button").count() == 1
    card = {
        "number": 2,
        "count": 7,
        "title": "Sanctions",
        "quotes": [{"text": "A quote", "paragraph": 5}],
    }
    page.evaluate("c => window.atlas.present(c, null)", card)
    overlay = page.locator(".fa-present")
    assert overlay.inner_text().startswith("2 / 7")
    assert "the article, ¶5" in overlay.inner_text()
    page.evaluate("() => window.atlas.present(null, null)")
    assert overlay.inner_text() == ""


def test_the_legend_folds_by_its_heading(open_file):
    fmap = tiny_map()
    chrome.add_legend(fmap, [LegendEntry("Points", "", Style(color="#c00"), "point", LAYER)])
    add_legend_fold(fmap)
    page = open_file(fmap)
    button = page.locator(".fa-legend button.fa-fold")
    assert button.inner_text() == "Legend"
    folded = page.locator(".fa-legend.fa-folded")
    assert folded.count() == 0
    button.click()
    assert folded.count() == 1
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert folded.count() == 0
    assert button.get_attribute("aria-expanded") == "true"


def test_the_keyboard_plugin_names_the_map(open_file):
    fmap = tiny_map()
    a11y.add_keyboard(fmap)
    page = open_file(fmap)
    assert page.locator(".leaflet-container").get_attribute("aria-label") == a11y.MAP_LABEL
