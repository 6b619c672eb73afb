"""Presenter mode: the tour driven by keys or a clicker, and a full-screen map with the quote.

One file of JavaScript (``presenter.js``) holds the keys — ArrowRight, PageDown and Space
forward; ArrowLeft and PageUp back; Home and End to the first and last scene; F for full
screen — and is used three ways: in the map (``add_presenter``: keys pressed inside the map's
frame, a full-screen button, the card shown over the map), in the Streamlit page
(``page_script``: keys move the tour by its own buttons) and in the static site
(``layers.classroom.site``: keys follow the previous/next links). Keys never fire while typing.
"""

from __future__ import annotations

import json

import folium

from layers.core import fonts
from layers.core.records import Scene
from layers.web.mapscript import add_map_script, script_text

QUOTE_PX = 30  # the quote over the full-screen map
KEYS_HINT = "Keys: → PageDown Space next · ← PageUp back · Home End first, last · F full screen"
CSS = f"""
<style>
.fa-full-button {{ width: 34px; height: 34px; padding: 6px; line-height: 0; cursor: pointer;
  background: #fff; border: 2px solid rgba(0,0,0,0.2); border-radius: 4px; color: #111; }}
.fa-present {{ display: none; }}
.fa-present.fa-presenting {{ display: block; position: fixed; left: 0; right: 0; bottom: 0;
  z-index: 900; background: #fff; padding: 8px 24px 12px; color: #111; max-height: 45%;
  overflow-y: auto; box-shadow: 0 -1px 6px rgba(0,0,0,0.3);
  font-family: "Noto Sans", "{fonts.FAMILY}", "DejaVu Sans", Arial, sans-serif; }}
.fa-present-head {{ font-weight: 700; font-size: 22px; white-space: pre; }}
.fa-present-bar {{ height: 6px; background: #ddd; margin: 6px 0 8px; }}
.fa-present-bar span {{ display: block; height: 100%; background: #E69F00; }}
.fa-present blockquote {{ margin: 4px 0; font-size: {QUOTE_PX}px; line-height: 1.3;
  border-left: 6px solid #E69F00; padding-left: 14px; }}
.fa-present cite {{ display: block; font-size: 16px; color: #444; font-style: normal; }}
</style>
"""


def presenter_js() -> str:
    """The presenter's code (our own file, not data)."""
    return script_text("presenter.js")


def add_presenter(fmap: folium.Map) -> None:
    """The map's half: keys inside the map, the full-screen button and the card over it."""
    add_map_script(fmap, "presenter", CSS, "presenter.js", "presenterMap")


def scene_card(scene: Scene, number: int, count: int) -> dict:
    """What the full-screen map shows of a scene: its place in the tour, title and quotes."""
    return {
        "number": number,
        "count": count,
        "title": scene.title,
        "quotes": [{"text": q.text, "paragraph": q.paragraph} for q in scene.quotes],
    }


def script_json(value: object) -> str:
    """``value`` as JSON that cannot end the ``<script>`` it is written into, nor change how
    the browser reads it (every ``<`` written ``\\u003c``: no ``</script>``, no ``<!--``)."""
    return json.dumps(value).replace("<", "\\u003c")


def page_script(card: dict | None, frame_selector: str) -> str:
    """The page's half (a ``<script>`` for the Streamlit page): keys on the page press the
    tour's buttons (keys ``first``, ``prev``, ``next``, ``last``); F puts the map's frame,
    found by ``frame_selector``, full screen, showing ``card`` (the scene now shown)."""
    call = f"window.atlas.presenterPage({script_json(card)}, {script_json(frame_selector)});"
    return f"<script>{presenter_js()}\n{call}</script>"
