"""What a follower's browser loads once: the follower page, its script, and the atlas's
web map (every layer, steered by ``window.atlas.apply``), each made once per process and
data version and kept gzipped, so a hundred phones cost one build and no compression each.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from layers.core.paths import geodata_dir
from layers.plan.view import ViewOptions
from layers.record.atlas import fingerprint, load_atlas
from layers.web.a11y import as_document
from layers.web.mapbuild import atlas_map

STATIC = Path(__file__).resolve().parent / "static"
MAP_TITLE = "Frontier Atlas: the class's map"


@dataclass(frozen=True)
class Asset:
    """A file as served: its bytes, gzipped once, and its entity tag."""

    body: bytes
    gzipped: bytes
    media_type: str
    etag: str


def asset(body: bytes, media_type: str) -> Asset:
    tag = hashlib.blake2b(body, digest_size=8).hexdigest()
    return Asset(body, gzip.compress(body, 9, mtime=0), media_type, f'"{tag}"')


@functools.cache
def static_asset(name: str, media_type: str) -> Asset:
    return asset((STATIC / name).read_bytes(), media_type)


_MAPS: dict[tuple[object, ...], Asset] = {}
_MAP_LOCK = threading.Lock()


def map_asset() -> Asset:
    """The web map of the data the app serves (``FRONTIER_ATLAS_GEODATA`` or the shipped
    data), built on first use and again only when a data file changes."""
    folder = geodata_dir()
    key = (str(folder), *fingerprint(folder))
    with _MAP_LOCK:
        if key not in _MAPS:
            atlas = load_atlas(folder)
            html = atlas_map(atlas.layers, atlas.measures, ViewOptions()).get_root().render()
            _MAPS.clear()
            _MAPS[key] = asset(as_document(html, MAP_TITLE, "en").encode("utf-8"), "text/html")
        return _MAPS[key]
