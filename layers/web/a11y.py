"""Accessibility of the map and the pages around it: one module, one job.

- ``KeyboardMap``: the map's keyboard path and names (``layers/web/static/a11y.js``): each feature
  named "<name>, <layer>" and reached by Tab in a chosen order, a focus ring, Enter and
  Escape for its popup, a "skip the map" link, a click that never scrolls the page;
- ``page_css``: the Streamlit page's styles that must hold from its first paint (the map's
  height reserved, the page's padding), the page's focus rules, and the collapsed sidebar
  out of the Tab order;
- ``as_document``: an exported map is a document: a title, the language, a viewport that
  lets people zoom, and nothing after its body (folium writes its script there).
"""

from __future__ import annotations

import re

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from layers.core.text import escape
from layers.web.mapscript import page_of, script_text

MAP_LABEL = "Map of the Russia–Japan frontier"
SKIP_TEXT = "Skip the map"
MAP_BOX = "atlas_map"  # the key of the page's container that holds the map
# What the page's Tab key stops on (where "skip the map" lands: the first after the map).
TABBABLE = (
    "a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, "
    '[tabindex="0"]'
)
MAP_CSS = """<style>
.fa-skip { position: absolute; left: -10000px; top: 8px; z-index: 2000; padding: 6px 10px;
  background: #fff; color: #111; font: 700 14px/1.2 "DejaVu Sans", Arial, sans-serif;
  border: 3px solid #111; border-radius: 4px; }
.fa-skip:focus { left: 8px; }
.fa-ring { pointer-events: none; }
path.fa-ringed:focus { outline: none; }
.leaflet-container:focus-visible { outline: 3px solid #111; outline-offset: -3px; }
@media (max-width: 480px) {  /* a phone: the popup fits the map (Leaflet sets 420 px) */
  .fa-pop .leaflet-popup-content { width: calc(100vw - 70px) !important; }
}
</style>"""
# Run in the Streamlit page (the map's frame adds it once): Streamlit's collapsed sidebar
# stays in the page, off-screen, so it is made inert (no focus, not read out) while it is
# collapsed; the frames that hand the map its state take no focus.
PAGE_JS = """(function(doc) {
  function sync() {
    var bar = doc.querySelector('[data-testid="stSidebar"]');
    if (bar) {
      var shut = bar.getAttribute('data-collapsed') === 'true';
      if (bar.inert !== shut) bar.inert = shut;
    }
    doc.querySelectorAll('iframe[srcdoc*="atlas.apply"]').forEach(function(f) {
      if (f.tabIndex === -1) return;
      f.tabIndex = -1;
      f.setAttribute('aria-hidden', 'true');
    });
  }
  new MutationObserver(sync).observe(doc.body, {subtree: true, childList: true,
    attributes: true, attributeFilter: ['data-collapsed']});
  sync();
})(document);"""


class KeyboardMap(MacroElement):
    """Runs ``atlas.a11y`` on the map, after the layers are registered (``layers.web.steering``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.atlas.a11y(
            {{ this._parent.get_name() }}, window.atlas.layers || {}, {{ this.text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "KeyboardMap"
        self.code = script_text("a11y.js")
        self.text = {"label": MAP_LABEL, "skip": SKIP_TEXT, "tabbable": TABBABLE, "page": PAGE_JS}


def add_keyboard(fmap: folium.Map) -> None:
    """The keyboard path and names; add it after every layer and the steering."""
    page_of(fmap).header.add_child(Element(MAP_CSS), name="frontier_atlas_a11y_css")
    KeyboardMap().add_to(fmap)


def page_css(full_width: bool) -> str:
    """Styles for the Streamlit page: heading links visible when focused, the map's box
    never scrolls, the tour's full width. None of them moves anything: a style arrives
    after the page's first paint, so the map's height is kept by its container and the
    top padding is set in ``.streamlit/config.toml``. The sidebar's focus rule, a script,
    comes with the map (``PAGE_JS``)."""
    width = " .block-container { max-width: 100%; }" if full_width else ""
    return (
        f"<style>.st-key-{MAP_BOX} {{ overflow: hidden; }} "
        # Streamlit greys captions by opacity (3.9:1); they now show under a map that fits
        # the window: a darker grey instead (6.6:1)
        '[data-testid="stCaptionContainer"] { color: #5e5d5c; opacity: 1; } '
        '[data-testid="stHeaderActionElements"] a:focus'
        " { opacity: 1 !important; transition: none !important; }"
        f"{width}</style>"
    )


VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*"\s*/>')


def inside_body(html: str) -> str:
    """``html`` with whatever folium wrote between ``</body>`` and ``</html>`` (the map's
    script) moved to the end of the body, where the HTML standard allows it."""
    body_end, html_end = html.rfind("</body>"), html.rfind("</html>")
    if body_end < 0 or html_end < body_end:
        raise ValueError("the page has no </body> before its </html>: not a folium page")
    after = html[body_end + len("</body>") : html_end]
    return html[:body_end] + after.rstrip() + "\n</body>\n" + html[html_end:]


def as_document(html: str, title: str, lang: str) -> str:
    """A rendered folium page as a document: ``<html lang>``, a ``<title>``, a viewport
    that lets people zoom (folium's forbids it), and its scripts inside its body."""
    head = (
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0" />'
        f"<title>{escape(title)}</title>"
    )
    html, found = VIEWPORT.subn("", html, count=1)
    if not found:
        raise ValueError("folium's viewport tag was not found: the export would forbid zoom")
    html = inside_body(html.replace("<html>", f'<html lang="{escape(lang)}">', 1))
    return html.replace("<head>", "<head>\n" + head, 1)
