"""``GET /atlas-assets/NAME``: the live page's map files (``layers.web.linked``), from this
process, gzipped once, cached for a year (a name carries its content's hash).

The page registers a file when it makes the map element that names it (``register``);
the files of the shared map and the constant ones (Leaflet, the font) stay; at most
``KEPT`` are held, the oldest registered going first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from layers.web.linked import PREFIX, File
from live.assets import Asset, asset
from live.routes import served

IMMUTABLE = "public, max-age=31536000, immutable"
KEPT = 16

_FILES: OrderedDict[str, Asset] = OrderedDict()
_LOCK = threading.Lock()


def register(files: Iterable[File]) -> None:
    """Serve ``files`` under their names (again: kept, made most recent)."""
    for item in files:
        with _LOCK:
            if item.name in _FILES:
                _FILES.move_to_end(item.name)
                continue
        made = asset(item.body, item.media_type)  # gzip outside the lock
        with _LOCK:
            _FILES[item.name] = made
            while len(_FILES) > KEPT:
                _FILES.popitem(last=False)


def known(name: str) -> Asset | None:
    with _LOCK:
        return _FILES.get(name)


async def map_file(request: Request) -> Response:
    item = known(request.path_params["name"])
    if item is None:
        return Response("Not found: reload the page", status_code=404)
    return served(request, item, IMMUTABLE)


def routes() -> list[Route]:
    return [Route(PREFIX + "{name}", map_file)]
