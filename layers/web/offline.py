"""Make a folium map need nothing from the internet.

Folium's templates load Leaflet, jQuery, Bootstrap, awesome-markers and Font Awesome
from public CDNs. The map here uses only Leaflet (circle markers, DivIcon labels and
GeoJSON, no icon fonts), so every other asset is dropped and Leaflet itself is inlined
from the ``xstatic-leaflet`` package (Leaflet 1.9.3, the version folium 0.20 targets):
its script as a ``data:`` URL, its stylesheet as a ``<style>`` block in the header
(without its Internet-Explorer-only ``behavior:`` declarations, which no HTML checker
accepts). The result works the same inside ``st_folium``'s iframe and as an exported file.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import folium
from branca.element import Element

from layers.web.mapscript import page_of

LEAFLET_VERSION = "1.9.3"
M = TypeVar("M", bound=folium.Map)  # a folium Map, or a subclass of it
LEAFLET_CSS = "leaflet_css_inline"  # the name of Leaflet's stylesheet in the page's header
IE_ONLY = re.compile(r"(?<![-\w])behavior\s*:[^;}]*;?")  # old IE's VML hook: not CSS


@lru_cache(maxsize=1)
def leaflet_dir() -> Path:
    from xstatic.pkg import leaflet

    if leaflet.VERSION.split(".")[:3] != LEAFLET_VERSION.split("."):
        raise RuntimeError(
            f"xstatic-leaflet {leaflet.VERSION} installed; Frontier Atlas needs Leaflet "
            f"{LEAFLET_VERSION}: pip install -r requirements.txt"
        )
    return Path(leaflet.BASE_DIR)


@lru_cache(maxsize=1)
def leaflet_js_url() -> str:
    code = (leaflet_dir() / "leaflet.js").read_bytes()
    return "data:text/javascript;base64," + base64.b64encode(code).decode("ascii")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's stylesheet, less the declarations only Internet Explorer read."""
    return IE_ONLY.sub("", (leaflet_dir() / "leaflet.css").read_text(encoding="utf-8"))


def make_offline(fmap: M) -> M:
    """Point ``fmap`` at the inlined Leaflet and drop every CDN asset it would load."""
    fmap.default_js = [("leaflet", leaflet_js_url())]
    fmap.default_css = []
    page_of(fmap).header.add_child(Element(f"<style>{leaflet_css()}</style>"), name=LEAFLET_CSS)
    return fmap
