"""The atlas's data for GIS users: GeoPackage, KML (Google Earth) and zipped GeoJSON.

Written with pyogrio (GDAL), WGS84 longitude/latitude, one table (KML: folder) per layer
with every property of the layer's file; nested values (quotes, sources) as JSON text.
Derived layers (the claimed-range rings) carry their records' fields. Each download has a
short README inside: a ``README`` table (GeoPackage, KML) or ``README.txt`` (zip).
Uploaded layers are the reader's own and are never included.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from layers.core.records import Feature, Layer
from layers.core.specs import is_upload
from layers.record.asof import as_of_text

FORMATS = {"gpkg": ".gpkg", "kml": ".kml", "geojson": ".geojson.zip"}
MIME = {
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
    "geojson": "application/zip",
}
README_LAYER = "README"
# GDAL's GeoJSON by RFC 7946: polygon exteriors counter-clockwise and holes clockwise, no
# ``crs`` member (WGS84 is the only one), coordinates to 7 decimals (~1 cm).
RFC7946 = {"RFC7946": "YES"}


def shipped(layers: Sequence[Layer]) -> list[Layer]:
    """The layers a download carries: the atlas's own, with features, no uploads."""
    return [layer for layer in layers if layer.features and not is_upload(layer.key)]


def _cell(value: object) -> object:
    """A value GDAL can store: scalars as they are, anything nested as JSON text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)


def _field_name(label: str) -> str:
    """A popup label as a field name: "Higher claim" → higher_claim."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def record_properties(feature: Feature) -> dict[str, object]:
    """A derived feature's fields, from its record: names, dates, facts, sources."""
    names = feature.names
    props: dict[str, object] = {
        "id": feature.id,
        "name_en": names.en,
        "name_ja": names.ja,
        "name_ru": names.ru,
        "date": str(feature.date) if feature.date else None,
        "ended": str(feature.ended) if feature.ended else None,
        "approximate": feature.approximate,
    }
    props |= {_field_name(fact.label): "; ".join(fact.lines) for fact in feature.facts}
    props["sources"] = [vars(source) for source in feature.sources]
    return props


def raw_properties(folder: Path, layer: Layer) -> dict[str, dict]:
    """The properties of the layer's file by feature id ({} for a derived layer)."""
    path = folder / layer.source
    if path.suffix != ".geojson" or not path.is_file():
        return {}
    features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
    rows = {}
    for index, item in enumerate(features):
        props = item.get("properties") or {}
        rows[str(props.get("id", index))] = props
    return rows


def layer_frame(folder: Path, layer: Layer) -> gpd.GeoDataFrame:
    """One layer as a table: every property (file) or field (derived), WGS84."""
    raw = raw_properties(folder, layer)
    rows = []
    for feature in layer.features:
        props = raw.get(feature.id) or record_properties(feature)
        rows.append({key: _cell(value) for key, value in props.items()})
    frame = pd.DataFrame(rows)
    for column in frame.columns:  # a column of mixed kinds is stored as text
        kinds = {type(v) for v in frame[column] if v is not None and not pd.isna(v)}
        if len(kinds) > 1:
            frame[column] = [None if v is None or pd.isna(v) else str(v) for v in frame[column]]
    geometry = [feature.geometry for feature in layer.features]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def readme_text(layers: Sequence[Layer], kind: str) -> str:
    counts = "\n".join(f"- {layer.key}: {len(layer.features)} features" for layer in layers)
    publishers = {s.publisher for layer in layers for f in layer.features for s in f.sources}
    return f"""Frontier Atlas: the Russia–Japan frontier after 2022 — data download ({kind})

{as_of_text(layers) or "Data as of: undated"} (the newest date in the data: events, reports
and the sources cited).

Layers (one {"folder" if kind == "KML" else "table"} each; WGS84 longitude/latitude, EPSG:4326):
{counts}

Sources. Shorelines and island outlines: GSHHG 2.3 (Wessel & Smith), LGPL-3.0. Every other
fact cites its own sources in the feature's `sources` field ({len(publishers)} publishers):
publisher, title, date, url. `quotes` are verbatim passages of the commentary article the
atlas annotates, quoted for comment; the article's copyright stays with its publisher.
Claimed ranges (`claimed_ranges`) are claims, not measurements: the conservative figure and
who claims it, and the higher claim where sources disagree (geodata/ranges.json).

Licences. Geometry derived from GSHHG: LGPL-3.0. Compiled attributes: facts from the cited
sources; check each source's terms before republishing its text.

Names. Every place carries its English name (`name_en`) and, where it has them, Japanese
(`name_ja`, with `name_ja_romaji`) and Russian (`name_ru`, with `name_ru_latin`) names. The
disputed islands are named both ways (Japan's Northern Territories, Russia's Southern Kurils);
no name implies a position on sovereignty.

Approximate. A feature with `approximate` = true is placed only approximately (for example a
deployment whose site was not disclosed is put on the island or town named); its
`location_source` says how approximate. Patrol routes are schematic. Nested values (quotes,
sources) are JSON text.
"""


def _write_layers(path: Path, driver: str, layers: Sequence[Layer], folder: Path) -> None:
    for layer in layers:
        pyogrio.write_dataframe(layer_frame(folder, layer), path, layer=layer.key, driver=driver)


def gpkg_bytes(layers: Sequence[Layer], folder: Path) -> bytes:
    """A GeoPackage: one table per layer and a README table (one row of text)."""
    chosen = shipped(layers)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frontier-atlas.gpkg"
        _write_layers(path, "GPKG", chosen, folder)
        readme = pd.DataFrame({"text": [readme_text(chosen, "GeoPackage")]})
        pyogrio.write_dataframe(readme, path, layer=README_LAYER, driver="GPKG")
        return path.read_bytes()


def kml_driver() -> str:
    drivers = pyogrio.list_drivers(write=True)
    return "LIBKML" if "LIBKML" in drivers else "KML"


def kml_frame(frame: gpd.GeoDataFrame, layer: Layer) -> gpd.GeoDataFrame:
    """A layer's table for KML: a ``Name`` first, and placemark ids unique in the document.

    LIBKML makes the ``id`` field a placemark's XML id, and a layer's key its folder's id:
    the feature ``hokkaido`` in the layer ``hokkaido`` would share one. So the id is
    ``<layer>.<feature id>`` and the feature's own id stays a field, ``feature_id``."""
    frame = frame.copy()
    frame.insert(0, "Name", [f.names.display("en") for f in layer.features])
    if "id" in frame.columns:
        frame = frame.rename(columns={"id": "feature_id"})
    frame.insert(1, "id", [f"{layer.key}.{f.id}" for f in layer.features])
    return frame


def kml_bytes(layers: Sequence[Layer], folder: Path) -> bytes:
    """One KML for Google Earth: a folder per layer, and the README as a first folder."""
    chosen = shipped(layers)
    readme = gpd.GeoDataFrame(
        {"Name": ["README"], "description": [readme_text(chosen, "KML")]},
        geometry=gpd.points_from_xy([145.0], [44.0]),  # KML wants a place: mid-region
        crs="EPSG:4326",
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frontier-atlas.kml"
        driver = kml_driver()
        pyogrio.write_dataframe(readme, path, layer=README_LAYER, driver=driver)
        for layer in chosen:
            frame = kml_frame(layer_frame(folder, layer), layer)
            pyogrio.write_dataframe(frame, path, layer=layer.key, driver=driver, append=True)
        return path.read_bytes()


def geojson_zip_bytes(layers: Sequence[Layer], folder: Path) -> bytes:
    """A zip of one GeoJSON file per layer and README.txt."""
    chosen = shipped(layers)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", readme_text(chosen, "GeoJSON"))
        for layer in chosen:
            path = Path(tmp) / f"{layer.key}.geojson"
            pyogrio.write_dataframe(
                layer_frame(folder, layer), path, driver="GeoJSON", layer_options=RFC7946
            )
            archive.write(path, path.name, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def download_bytes(kind: str, layers: Sequence[Layer], folder: Path) -> bytes:
    """The bytes of download ``kind`` (a key of ``FORMATS``)."""
    makers = {"gpkg": gpkg_bytes, "kml": kml_bytes, "geojson": geojson_zip_bytes}
    return makers[kind](layers, folder)
