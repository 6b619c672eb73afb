"""The live page's map element by reference: what does not change per session as files.

The one-file export and the static site inline Leaflet, the carried font and the map's
script (``layers.web.offline``, ``layers.core.fonts``). The live page instead gives its map
element (streamlit-folium's iframe) the addresses of content-named files, which the app's
own process serves (``live.map_files``, cached for a year): a second page open sends only
those addresses over the websocket, and the browser takes the files from its cache.

Pure: names and bytes only. A file's name carries a hash of its content
(``leaflet.3f9c….js``), so a changed file is a new address and an old one never goes stale.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache

from layers.core import fonts
from layers.web.offline import leaflet_dir

PREFIX = "/atlas-assets/"  # where the app serves these files (live.map_files)
MAP_CODE = "atlasMapCode"  # the global the map's script file sets (its code, as a string)


@dataclass(frozen=True)
class File:
    name: str  # stem.HASH.ext
    body: bytes
    media_type: str

    @property
    def url(self) -> str:
        return PREFIX + self.name


def named(stem: str, ext: str, body: bytes, media_type: str) -> File:
    digest = hashlib.blake2b(body, digest_size=8).hexdigest()
    return File(f"{stem}.{digest}.{ext}", body, media_type)


@cache
def leaflet_file() -> File:
    """Leaflet's script (the same file ``offline`` inlines as a ``data:`` URL)."""
    return named("leaflet", "js", (leaflet_dir() / "leaflet.js").read_bytes(), "text/javascript")


@cache
def font_file() -> File:
    """The carried font's ``@font-face`` rules (the fonts inside as ``data:`` URLs), as CSS."""
    css = fonts.font_face_css().removeprefix("<style>").removesuffix("</style>")
    return named("fonts", "css", css.encode("utf-8"), "text/css")


def script_file(script: str) -> File:
    """The map's script as a file that keeps its code in ``window.atlasMapCode``: the
    element runs it with a global ``eval`` (``script_call``), so it runs as the inline
    script did, at the same moment (after the map's ``<div>`` exists), with the same globals."""
    body = f"window.{MAP_CODE}={json.dumps(script)};\n"
    return named("map", "js", body.encode("utf-8"), "text/javascript")


def script_call() -> str:
    """What the element runs instead of the script: the code the script file holds."""
    return f"(0, eval)(window.{MAP_CODE});\n"


def without_fonts(header: str) -> str:
    """The map's header less the inlined font rules (they come as ``font_file``)."""
    inlined = fonts.font_face_css()
    if inlined not in header:
        raise ValueError("the map's header does not hold the carried font's rules")
    return header.replace(inlined, "", 1)
