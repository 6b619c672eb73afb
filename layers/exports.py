"""Exports of the current map view."""

from __future__ import annotations

import folium


def standalone_html(fmap: folium.Map) -> bytes:
    """The map as one HTML file that opens from disk with no server and no internet.

    ``build_map`` already inlines Leaflet and loads nothing from a CDN, so the rendered
    page is self-contained as it is.
    """
    return fmap.get_root().render().encode("utf-8")
