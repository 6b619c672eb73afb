"""A layer a user uploads: checked by the same validator as geodata/, kept in memory only.

GeoJSON is read as it is; KML is converted by GDAL (pyogrio) to GeoJSON first. Nothing is
written to disk: the caller keeps the result in the user's own session.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

from layers.article import Article
from layers.loading import LoadedLayer, load_bytes
from layers.specs import generic_spec
from layers.validate import FILE, Problem

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUFFIXES = (".geojson", ".json", ".kml")


def upload_key(filename: str) -> str:
    """A layer key from a file name: lower-case letters, digits and underscores only."""
    stem = filename.rsplit(".", 1)[0]
    return "upload_" + (re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_") or "layer")


def kml_to_geojson(raw: bytes) -> bytes:
    """KML bytes as GeoJSON bytes, via GDAL. Raises ValueError with GDAL's reason."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        frame = pyogrio.read_dataframe(io.BytesIO(raw))
    except (DataSourceError, DataLayerError) as exc:
        raise ValueError(f"GDAL cannot read it as KML: {exc}") from exc
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    text = frame.to_json(drop_id=True, to_wgs84=True)
    return text.encode("utf-8")


def load_upload(filename: str, raw: bytes, article: Article) -> LoadedLayer:
    """Validate an uploaded file as a layer of its own, named after the file."""
    spec = generic_spec(upload_key(filename))
    spec = replace(spec, title=f"Your layer: {filename}", legend=f"Your layer: {filename}")

    def refuse(message: str) -> LoadedLayer:
        return LoadedLayer(spec, filename, (), (Problem(filename, FILE, message),))

    if not filename.lower().endswith(SUFFIXES):
        return refuse(f"not a layer file: upload {', '.join(SUFFIXES)}")
    if len(raw) > MAX_UPLOAD_BYTES:
        return refuse(
            f"file is {len(raw) / 1e6:.1f} MB; uploads are limited to "
            f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB: clip or simplify it first"
        )
    if filename.lower().endswith(".kml"):
        try:
            raw = kml_to_geojson(raw)
        except ValueError as exc:
            return refuse(str(exc))
    return load_bytes(filename, raw, spec, article)
