"""layers.web.a11y without a browser: the export as a document, the page's styles, the map's
keyboard plug-in in the page. (The behaviour is checked in tests/test_browser_a11y.py.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import folium
import pytest

from harness.document import document_problems
from layers.exports import html_bytes
from layers.plan.view import ViewOptions, scene_options
from layers.web import a11y
from layers.web.offline import leaflet_css, leaflet_dir


class _Head(HTMLParser):
    """The ``<html lang>``, the ``<title>`` text and every viewport tag of a page."""

    def __init__(self):
        super().__init__()
        self.lang, self.title, self.viewports, self._in_title = None, "", [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "meta" and attrs.get("name") == "viewport":
            self.viewports.append(attrs.get("content"))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_html_export_is_a_document_in_the_chosen_language(atlas, lang):
    head = head_of(html_bytes(atlas, ViewOptions(lang=lang)).decode("utf-8"))
    assert head.lang == lang
    assert head.title == "Frontier Atlas: the Russia–Japan frontier after 2022"
    assert len(head.viewports) == 1, head.viewports
    assert "user-scalable=no" not in head.viewports[0]
    assert "maximum-scale" not in head.viewports[0]


def test_a_scene_export_is_titled_by_its_scene(atlas):
    html = html_bytes(atlas, ViewOptions(title="The islands as a frontier outpost")).decode()
    assert head_of(html).title == "The islands as a frontier outpost – Frontier Atlas"


def test_as_document_escapes_the_title_once():
    html = folium.Map(tiles=None).get_root().render()
    head = head_of(a11y.as_document(html, "A <b> & 'c'", "en"))
    assert head.title == "A <b> & 'c'"  # what the reader sees: the text, not markup


def test_as_document_refuses_a_page_without_folium_s_viewport():
    with pytest.raises(ValueError, match="viewport"):
        a11y.as_document("<html><head></head><body></body></html>", "t", "en")


def test_the_map_carries_its_keyboard_path_and_name(atlas):
    html = html_bytes(atlas, ViewOptions()).decode("utf-8")
    assert "window.atlas.a11y(" in html
    assert "Map of the Russia\\u2013Japan frontier" in html or a11y.MAP_LABEL in html
    # the keyboard plug-in runs after the steering, which it reads (window.atlas.state)
    keyboard = re.search(r"window\.atlas\.a11y\(\s*map_", html)
    steering = re.search(r"window\.atlas\.steer\(\s*map_", html)
    assert keyboard
    assert steering
    assert keyboard.start() > steering.start()


def test_page_css_moves_nothing():
    """Styles reach the page after its first paint: none may change a size or a position
    (padding, margin, height, top) except the tour's width, set before the map draws."""
    for touring in (True, False):
        css = a11y.page_css(full_width=touring)
        rules = re.findall(r"\{([^}]*)\}", css)
        props = {
            rule.split(":")[0].strip() for body in rules for rule in body.split(";") if rule.strip()
        }
        assert props <= {"overflow", "opacity", "transition", "max-width", "color"}, props


@pytest.mark.parametrize("scene", [None, "militarisation"])
def test_an_exported_map_is_one_document(atlas, scene):
    """The Nu HTML Checker's errors before issue 25: folium's script after ``</body>`` and
    Leaflet's IE-only ``behavior:`` (scripts/check_html.py runs the checker itself); the
    default view and a scene's (its rings, deployments and distances)."""
    options = ViewOptions() if scene is None else scene_options(atlas.scene(scene))
    html = html_bytes(atlas, options).decode("utf-8")
    assert document_problems(html) == []
    assert html.rstrip().endswith("</script>\n</body>\n</html>")


def test_as_document_moves_folium_s_script_into_the_body():
    fmap = folium.Map(tiles=None)
    rendered = fmap.get_root().render()
    assert "<script>" in rendered.split("</body>")[1]  # folium's template: after the body
    html = a11y.as_document(rendered, "t", "en")
    body, after = html.split("</body>")
    assert after.strip() == "</html>"
    assert f"var {fmap.get_name()} = L.map(" in body


def test_leaflet_s_stylesheet_loses_only_its_ie_only_declarations():
    original = (leaflet_dir() / "leaflet.css").read_text("utf-8")
    assert "behavior: url(#default#VML);" in original  # what Leaflet 1.9.3 ships
    css = leaflet_css()
    assert "behavior" not in css
    assert original.count("{") == css.count("{")  # every rule kept
    assert len(original) - len(css) == len("behavior: url(#default#VML);")  # its one
