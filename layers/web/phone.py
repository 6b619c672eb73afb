"""The page and the map on a phone (390x844 and the like): CSS only.

The Streamlit page keeps the tour's buttons on one row (the map, 700 px high, fits an
844 px screen above them); in the map, the caption leaves the zoom buttons free, a popup is
never wider or taller than the screen, and the caption steps aside while a popup is open.
"""

from __future__ import annotations

import folium
from branca.element import Element

from layers.web.mapscript import page_of

NARROW_PX = 640  # Streamlit stacks columns below this width
PAGE_CSS = f"""<style>
@media (max-width: {NARROW_PX}px) {{
  .st-key-tour_nav [data-testid="stHorizontalBlock"] {{ flex-wrap: nowrap; gap: 0.4rem; }}
  .st-key-tour_nav [data-testid="stColumn"] {{ min-width: 0 !important; width: auto !important;
    flex: 2 1 0 !important; }}
  .st-key-tour_nav [data-testid="stColumn"]:first-child,
  .st-key-tour_nav [data-testid="stColumn"]:last-child {{ flex: 1 1 0 !important; }}
}}
</style>"""
MAP_CSS = """<style>
.fa-caption { max-width: min(430px, calc(100vw - 80px)); }
.fa-pop .leaflet-popup-content { max-width: calc(100vw - 70px); }
.fa-popup { max-height: min(380px, 60vh); }
.leaflet-container:has(.leaflet-popup) .fa-caption { display: none; }
</style>"""


def add_phone_css(fmap: folium.Map) -> None:
    page_of(fmap).header.add_child(Element(MAP_CSS), name="frontier_atlas_phone_css")
