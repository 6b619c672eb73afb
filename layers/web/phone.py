"""The page and the map on a phone (390x844 and the like).

The Streamlit page (the tour's buttons in one row of their own, ``page.tour``) shows the
scene's text folded to one line (``scene_fold_html``: its title in a ``<details>`` that
opens on the quotes and caption) so that map and text share the screen (the map's height:
``layers.web.screen``); a wider page shows the text in full instead. In the map, the
caption leaves the zoom buttons free, a popup is never wider or taller than the screen,
and the caption (and, on a narrow map, the buttons down its left side: zoom, marks, full
screen) steps aside while a popup is open.
"""

from __future__ import annotations

import folium
from branca.element import Element

from layers.core.records import Quote
from layers.core.text import escape
from layers.web.mapscript import page_of
from layers.web.page_text import quotes_html

NARROW_PX = 640  # Streamlit stacks columns below this width
WIDE_TEXT = "scene_wide"  # the key of the scene's full text (a wide page's)
_WRAP = (
    '[data-testid="stLayoutWrapper"]'  # Streamlit's wrapper of a container (hidden whole: no gap)
)
PAGE_CSS = f"""<style>
@media (max-width: {NARROW_PX}px) {{
  {_WRAP}:has(> .st-key-{WIDE_TEXT}) {{ display: none; }}
}}
</style>"""
# With the folded text itself (this style comes after the first paint: the folded text,
# above the full one, must not show on a wide page even for a moment).
FOLD_CSS = f"""<style>
@media (min-width: {NARROW_PX + 1}px) {{ .fa-fold {{ display: none; }} }}
.fa-fold summary {{ cursor: pointer; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; padding: 0.3rem 0; }}
.fa-fold summary h3 {{ display: inline; font-size: 1.15rem; font-weight: 700; margin: 0;
  padding: 0; }}
.fa-fold summary span {{ color: #555; font-size: 0.9rem; }}
.fa-fold[open] summary {{ white-space: normal; }}
.fa-fold .fa-fold-quote {{ margin-top: 0.6rem !important; }}
</style>"""
MAP_CSS = f"""<style>
.fa-caption {{ max-width: min(430px, calc(100vw - 80px)); }}
.fa-pop .leaflet-popup-content {{ max-width: calc(100vw - 70px); }}
.fa-popup {{ max-height: min(380px, 60vh); }}
.leaflet-container:has(.leaflet-popup) .fa-caption {{ display: none; }}
@media (max-width: {NARROW_PX}px) {{
  .leaflet-container:has(.leaflet-popup) .leaflet-top.leaflet-left {{ visibility: hidden; }}
}}
</style>"""


def add_phone_css(fmap: folium.Map) -> None:
    page_of(fmap).header.add_child(Element(MAP_CSS), name="frontier_atlas_phone_css")


def scene_fold_html(
    title: str, quotes: tuple[Quote, ...], caption: str, number: int, count: int
) -> str:
    """Scene ``number`` of ``count``'s text folded to one line (its title, a heading, and its
    place in the tour) that opens on its quotes and caption: a ``<details>``, so keys and
    screen readers open it as they open any."""
    hint = "quote and caption" if quotes else "caption"
    return (
        f'{FOLD_CSS}<details class="fa-fold"><summary><h3>{escape(title)}</h3> '
        f"<span>· {number} of {count} · {hint}</span></summary>"
        f"{quotes_html(quotes, 'fa-fold-quote')}<p>{escape(caption)}</p></details>"
    )
