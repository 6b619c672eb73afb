"""Bytes someone uploads to a GeoJSON FeatureCollection: an allow-list reader, no GDAL.

The suffix alone picks the reader: .geojson/.json (``json``), .kml (``layers.uploads.kml``:
defusedxml, streamed, no DTD or entities) or .kmz (``zipfile`` by hand, one KML member,
streamed and capped, then the same KML reader). Nothing else is opened: no file but the
bytes given, no URL, no socket, no ``/vsi`` path; links inside a file are never followed.
Strings come back exactly as written; escaping is the renderer's job, once. Positions come
back as [longitude, latitude] rounded to 6 decimals (about 0.1 m).

Limits, so that a class of thirty can upload at once: one upload adds at most about 2 MB to
the map page — ``MAX_LAYER_BYTES`` (2 MB) of GeoJSON, and ``MAX_FEATURES`` (1,000) because
the map carries each feature's popup in every language and two styles (~1.5 kB a feature:
1,000 points added 1.48 MB, 5,000 added 7.4 MB) — and costs the server at most about 70 MB
and 1 s. Worst cases measured (with the earlier cap of 5,000 features) on a 2-core machine
also running other work (wall time; tracemalloc peak of Python allocations):

    45,000-point GeoJSON, 5.1 MB            refused (features)       0.14 s   44 MB
    5,000 polygons, 50,000 vertices, as GeoJSON, 1.9 MB out (the largest accepted)
                                            read                     0.23 s   22 MB
    5 MB KML of 35,000 Placemarks           refused at the 5,001st   0.55 s    5 MB
    KML of 5,000 polygons, 2.6 MB           refused (2.0 MB out)     0.62 s   17 MB
    the same as a KMZ of 0.15 MB            refused (2.0 MB out)     0.90 s   17 MB
    KMZ bomb, doc.kml declaring 3 GB        refused by its header   <0.01 s   <1 MB
    KMZ, a 19 MB description (6:1 packed)   feature refused (text)   0.19 s   57 MB
    5 MB JSON array of 1,000,000 strings    refused (not GeoJSON)    0.11 s   65 MB
    KMZ of 105,000 empty directory entries  refused (members)        0.42 s   38 MB
    KML with one 5 MB tag of attributes     refused at 1 MiB         0.01 s    3 MB
    KML of 1.2 million empty elements       refused at 250,000       0.36 s   <1 MB

Beyond a limit the whole file is refused with a message naming the limit, except the text
limit, which refuses only the features over it (the others load). Problems name features
"feature N (name)", counting from 0 as ``layers.record.parse`` does.
"""

from __future__ import annotations

import codecs
import io
import json
import math
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import IO

from layers.core.problems import FILE, Problem
from layers.uploads.kml import (
    SIMPLIFY,
    Budget,
    Caps,
    Item,
    Refused,
    Reject,
    brief,
    label,
    position,
    read_placemarks,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # the upload itself
SUFFIXES = (".geojson", ".json", ".kml", ".kmz")
MAX_FEATURES = 1_000  # each adds ~1.5 kB to the map page (every language, two styles)
MAX_VERTICES = 80_000  # all positions of all features
MAX_TEXT_PER_FEATURE = 10_000  # characters of one feature's properties, written as JSON
MAX_LAYER_BYTES = 2_000_000  # the whole collection as compact UTF-8 JSON: the page's share
MAX_DEPTH = 20  # nested JSON property values; XML elements
MAX_JSON_CONTAINERS = 250_000  # "{" plus "[" in a GeoJSON file, counted before parsing
MAX_XML_NODES = 250_000  # elements plus attributes in a KML document
MAX_TAG_BYTES = 1024 * 1024  # one XML tag or comment
MAX_KML_BYTES = 20_000_000  # the KML inside a KMZ, unpacked
MAX_ZIP_MEMBERS = 1_000
MAX_ZIP_RATIO = 100  # unpacked : packed, for members over 1 MiB unpacked
CHUNK_BYTES = 64 * 1024

for _codec in ("cp437", "utf-8-sig"):  # zip member names; a BOM: load them now, not mid-upload
    codecs.lookup(_codec)

_CAPS = Caps(depth=MAX_DEPTH, nodes=MAX_XML_NODES, quiet_bytes=MAX_TAG_BYTES)
_NESTING = {  # list levels around a position, per GeoJSON geometry type
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}
_ZIP_ERRORS = (
    zipfile.BadZipFile,  # also bad CRC, truncated headers, overlapping entries
    zlib.error,
    EOFError,
    NotImplementedError,  # compression methods zipfile does not know
    RuntimeError,  # encrypted members
    ValueError,  # undecodable member names, impossible offsets
    OSError,
)


def read_upload(filename: str, raw: bytes) -> tuple[dict | None, list[Problem]]:
    """Upload bytes -> a GeoJSON FeatureCollection dict of plain JSON values (dict/list/str/
    int/float/bool/None), or None and the problem(s) that stop it. Never raises."""
    suffix = next((s for s in SUFFIXES if filename.lower().endswith(s)), None)
    if suffix is None:
        return _refuse(
            filename,
            f"not a layer file: upload a {', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]} file",
        )
    if len(raw) > MAX_UPLOAD_BYTES:
        return _refuse(
            filename,
            f"file is {len(raw) / 1e6:.1f} MB; uploads are limited to "
            f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB: clip or {SIMPLIFY}",
        )
    if not raw.strip():
        return _refuse(filename, "the file is empty")
    try:
        if suffix == ".kml":
            items = _kml_items(raw)
        elif suffix == ".kmz":
            items = _kmz_items(raw)
        else:
            items = _geojson_items(raw)
    except Refused as why:
        return _refuse(filename, str(why))
    return _finish(filename, items)


def _refuse(filename: str, message: str) -> tuple[None, list[Problem]]:
    return None, [Problem(filename, FILE, message)]


def _finish(filename: str, items: list[Item]) -> tuple[dict | None, list[Problem]]:
    """The features within the text limit, as a collection within the page limit."""
    features: list[dict] = []
    problems: list[Problem] = []
    for item in items:
        if item.feature is None:
            problems.append(Problem(filename, item.label, item.message, item.field))
        elif why := _text_problem(item.feature["properties"]):
            problems.append(Problem(filename, item.label, why, "properties"))
        else:
            features.append(item.feature)
    if not features:
        tried = sum(1 for item in items if item.label != FILE)
        empty = "it has no features: add at least one"
        why = f"none of its {tried} features can be drawn: see the problems listed"
        return None, [*problems, Problem(filename, FILE, why if tried else empty)]
    collection = {"type": "FeatureCollection", "features": features}
    size = len(json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_LAYER_BYTES:
        return _refuse(
            filename,
            f"as a map layer it would be {size / 1e6:.1f} MB; the limit is "
            f"{MAX_LAYER_BYTES / 1e6:.0f} MB: {SIMPLIFY}, or drop properties",
        )
    return collection, problems


def _text_problem(properties: dict) -> str:
    """Why one feature's properties are refused, or "" if they are fine."""
    text = json.dumps(properties, ensure_ascii=False)
    if len(text) > MAX_TEXT_PER_FEATURE:
        return (
            f"its properties are {len(text):,} characters; the limit is "
            f"{MAX_TEXT_PER_FEATURE:,}: shorten the description or drop properties"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "its text has a broken \\ud800-style escape: save the file as UTF-8"
    return ""


def _collect(items: Iterable[Item]) -> list[Item]:
    """All items, refusing the file as soon as it has more than ``MAX_FEATURES``."""
    collected: list[Item] = []
    count = 0
    for item in items:
        count += item.label != FILE
        if count > MAX_FEATURES:
            raise Refused(_too_many_features(f"more than {MAX_FEATURES:,}"))
        collected.append(item)
    return collected


def _too_many_features(count: str) -> str:
    return f"it has {count} features; uploads are limited to {MAX_FEATURES:,}: {SIMPLIFY}"


# KML and KMZ ------------------------------------------------------------------------------


def _kml_items(raw: bytes) -> list[Item]:
    if raw.startswith(b"PK\x03\x04"):
        raise Refused("not KML: it is a zip archive; if it is a KMZ, name it .kmz")
    chunks = (raw[i : i + CHUNK_BYTES] for i in range(0, len(raw), CHUNK_BYTES))
    return _collect(read_placemarks(chunks, _CAPS, Budget(MAX_VERTICES)))


def _kmz_items(raw: bytes) -> list[Item]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except _ZIP_ERRORS as exc:
        raise Refused(_damaged(exc)) from exc
    with archive:
        member = _kml_member(archive)
        return _collect(
            read_placemarks(_member_chunks(archive, member), _CAPS, Budget(MAX_VERTICES))
        )


def _damaged(exc: BaseException) -> str:
    return (
        f"not a usable KMZ: the zip archive is damaged or unsupported ({str(exc)[:120]}): "
        "zip the KML again"
    )


def _kml_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The one KML inside: doc.kml, else the only .kml; ``Refused`` if it cannot be used."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise Refused(f"the KMZ holds {len(infos):,} files; the limit is {MAX_ZIP_MEMBERS:,}")
    kmls = [i for i in infos if i.filename.lower().endswith(".kml")]
    docs = [i for i in kmls if i.filename.lower() == "doc.kml"]
    chosen = docs or kmls
    if len(chosen) != 1:
        names = ", ".join(i.filename[:60] for i in chosen[:5])
        raise Refused(
            f"the KMZ must hold doc.kml or exactly one .kml file; it holds {len(chosen)}"
            + (f" ({names})" if names else "")
        )
    info = chosen[0]
    name = info.filename[:80]
    if info.flag_bits & 0x1:
        raise Refused(f"{name} inside the KMZ is encrypted: zip it without a password")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused(f"{name} inside the KMZ uses an unusual compression: zip it again (deflate)")
    if info.file_size > MAX_KML_BYTES:
        raise Refused(
            f"{name} inside the KMZ unpacks to {info.file_size / 1e6:,.1f} MB; the limit is "
            f"{MAX_KML_BYTES / 1e6:.0f} MB: {SIMPLIFY}"
        )
    if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
        raise Refused(
            f"{name} inside the KMZ unpacks to more than {MAX_ZIP_RATIO} times its packed "
            "size: zip it again"
        )
    return info


def _member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    try:
        with archive.open(info) as member:
            yield from _capped_chunks(member, MAX_KML_BYTES)
    except _ZIP_ERRORS as exc:
        raise Refused(_damaged(exc)) from exc


def _capped_chunks(stream: IO[bytes], limit: int) -> Iterator[bytes]:
    """``stream`` in chunks, refusing once more than ``limit`` bytes came, whatever was declared."""
    total = 0
    while chunk := stream.read(CHUNK_BYTES):
        total += len(chunk)
        if total > limit:
            raise Refused(
                f"the KML inside the KMZ unpacks to more than {limit / 1e6:.0f} MB: {SIMPLIFY}"
            )
        yield chunk


# GeoJSON --------------------------------------------------------------------------------


def _geojson_items(raw: bytes) -> list[Item]:
    features = _decode_collection(raw)
    if len(features) > MAX_FEATURES:
        raise Refused(_too_many_features(f"{len(features):,}"))
    budget = Budget(MAX_VERTICES)
    items = []
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        name = label(index, _name(props))
        try:
            items.append(Item(name, _feature(feature, budget)))
        except Reject as why:
            items.append(Item(name, None, str(why), why.field))
    return items


def _decode_collection(raw: bytes) -> list:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(
            f"not UTF-8 text (bad byte at offset {exc.start}): save the file as UTF-8"
        ) from None
    containers = text.count("{") + text.count("[")
    if containers > MAX_JSON_CONTAINERS:
        raise Refused(
            f"it has {containers:,} JSON objects and arrays; the limit is "
            f"{MAX_JSON_CONTAINERS:,}: {SIMPLIFY}"
        )
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise Refused(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:  # 5,000 digits; NaN; 1e999; nesting too deep
        raise Refused(f"not usable JSON: {str(exc)[:120]}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise Refused(
            f"not GeoJSON: expected a FeatureCollection at the top level, got {brief(got)}"
        )
    if not isinstance(data.get("features"), list):
        raise Refused("not GeoJSON: 'features' must be a list")
    return data["features"]


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    number = float(text)
    if math.isfinite(number):
        return number
    raise ValueError(f"{text[:40]} is too large a number")


def _name(props: object) -> object:
    if not isinstance(props, dict):
        return None
    return next(
        (props[k] for k in ("name", "name_en", "title", "id") if isinstance(props.get(k), str)),
        None,
    )


def _feature(feature: object, budget: Budget) -> dict:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise Reject('not a GeoJSON Feature: each needs "type": "Feature"', "type")
    props = feature.get("properties")
    props = {} if props is None else props
    if not isinstance(props, dict):
        raise Reject("properties must be an object", "properties")
    if _too_deep(props, 0):
        raise Reject(f"properties are nested more than {MAX_DEPTH} deep", "properties")
    return {
        "type": "Feature",
        "geometry": _geometry(feature.get("geometry"), budget, 0),
        "properties": props,
    }


def _too_deep(value: object, depth: int) -> bool:
    if depth > MAX_DEPTH:
        return True
    if isinstance(value, dict):
        return any(_too_deep(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_too_deep(v, depth + 1) for v in value)
    return False


def _geometry(geometry: object, budget: Budget, depth: int) -> dict:
    if not isinstance(geometry, dict):
        raise Reject("has no geometry: give it a Point, LineString or Polygon")
    kind = geometry.get("type")
    if kind == "GeometryCollection" and depth >= 2:
        raise Reject("GeometryCollections are nested more than 2 deep: flatten them")
    if kind == "GeometryCollection":
        parts = geometry.get("geometries")
        if not isinstance(parts, list) or not parts:
            raise Reject("a GeometryCollection needs a non-empty 'geometries' list")
        return {"type": kind, "geometries": [_geometry(p, budget, depth + 1) for p in parts]}
    if not isinstance(kind, str) or kind not in _NESTING:
        raise Reject(f"{brief(kind)} is not a GeoJSON geometry type (Point, LineString, Polygon…)")
    return {
        "type": kind,
        "coordinates": _coordinates(geometry.get("coordinates"), _NESTING[kind], budget),
    }


def _coordinates(value: object, nesting: int, budget: Budget) -> list:
    if nesting == 0:
        if not isinstance(value, list) or len(value) < 2:
            raise Reject(f"position {brief(value)} is not [longitude, latitude]")
        budget.take()
        return position(value[0], value[1])
    if not isinstance(value, list) or not value:
        raise Reject("coordinates must be a non-empty list of positions")
    return [_coordinates(v, nesting - 1, budget) for v in value]
