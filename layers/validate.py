"""Check a layer's GeoJSON: parseable, valid, in the region, properly sourced and quoted.

Every check returns ``Problem``s rather than raising, so one bad feature or file is
reported by name while everything else still loads.
"""

from __future__ import annotations

import json
import math
from datetime import datetime

from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.validation import explain_validity

from layers.article import Article
from layers.problems import FILE, Problem
from layers.specs import REGION_BBOX, Field, LayerSpec

MAX_FILE_BYTES = 10 * 1024 * 1024
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m", "%Y")
UNDATED = "undated"  # a source page that carries no date says so explicitly
GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def parse_date(value: object) -> datetime | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a datetime, else None."""
    if not isinstance(value, str):
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def size_problem(name: str, size: int) -> Problem | None:
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        name,
        FILE,
        f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit: "
        "simplify or clip it (see layers/build_geodata.py) before adding it",
    )


def decode_collection(name: str, raw: bytes) -> tuple[dict | None, list[Problem]]:
    """Bytes to a FeatureCollection dict, or the file-level problem that stops it."""

    def fail(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, FILE, message)]

    too_big = size_problem(name, len(raw))
    if too_big:
        return None, [too_big]
    if not raw.strip():
        return fail("file is empty: expected a GeoJSON FeatureCollection")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 text (bad byte at offset {exc.start}): save the file as UTF-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return fail(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        return fail(f"not GeoJSON: expected a FeatureCollection at the top level, got {got!r}")
    if not isinstance(data.get("features"), list):
        return fail("not GeoJSON: 'features' must be a list")
    return data, []


def feature_label(index: int, feature: object) -> str:
    props = feature.get("properties") if isinstance(feature, dict) else None
    name = props.get("name_en") or props.get("id") if isinstance(props, dict) else None
    return f"feature {index} ({name})" if isinstance(name, str) else f"feature {index}"


def _positions(coordinates: object):
    """Yield every position (innermost list of numbers) in a coordinates array."""
    if isinstance(coordinates, list) and coordinates and not isinstance(coordinates[0], list):
        yield coordinates
    elif isinstance(coordinates, list):
        for item in coordinates:
            yield from _positions(item)


def _in_region(lon: float, lat: float) -> bool:
    west, south, east, north = REGION_BBOX
    return west <= lon <= east and south <= lat <= north


def check_geometry(geometry: object, spec: LayerSpec) -> list[str]:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return ["geometry missing or not a GeoJSON geometry"]
    gtype = geometry["type"]
    if gtype not in spec.geometry_types:
        return [f"{gtype} geometry, but this layer takes {', '.join(spec.geometry_types)}"]
    positions = list(_positions(geometry.get("coordinates")))
    if not positions:
        return ["geometry has no coordinates"]
    for pos in positions:
        if len(pos) < 2 or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in pos
        ):
            return [f"coordinate {pos!r} is not a pair of finite numbers"]
    outside = [p for p in positions if not _in_region(p[0], p[1])]
    if outside:
        lon, lat = outside[0][:2]
        if all(_in_region(p[1], p[0]) for p in outside):
            return [f"coordinates look swapped ({lon}, {lat}): GeoJSON wants [longitude, latitude]"]
        return [f"coordinate ({lon}, {lat}) lies outside the map region {REGION_BBOX}"]
    try:
        geom = shape(geometry)
    except (GEOSException, ValueError, TypeError, IndexError) as exc:
        return [f"geometry cannot be built: {exc}"]
    if not geom.is_valid:
        return [f"invalid geometry: {explain_validity(geom)}"]
    return []


def check_value(value: object, field: Field) -> str | None:
    """Why ``value`` does not fit ``field.kind``, or None."""
    kind = field.kind
    if kind == "str" and not (isinstance(value, str) and value.strip()):
        return "must be a non-empty string"
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        return "must be an integer"
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "must be a number"
    if kind == "bool" and not isinstance(value, bool):
        return "must be true or false"
    if kind == "date" and parse_date(value) is None:
        return f"must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}"
    if kind == "year" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"must be a year as an integer, got {value!r}"
    if kind in {"quotes", "sources", "list"} and not isinstance(value, list):
        return "must be a list"
    if kind == "sources":
        return next(filter(None, (source_problem(s) for s in value)), None)
    return None


def source_problem(source: object) -> str | None:
    if not isinstance(source, dict):
        return "each source must be an object with publisher, title and date"
    for key in ("publisher", "title"):
        if not isinstance(source.get(key), str) or not source[key].strip():
            return f"source is missing its {key}"
    if source.get("date") != UNDATED and parse_date(source.get("date")) is None:
        return (
            f"source {source['title']!r} needs a date YYYY, YYYY-MM or YYYY-MM-DD, or {UNDATED!r}"
        )
    url = source.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
        return f"source {source['title']!r} has a url that is not http(s)"
    return None


def quote_objects(value: object):
    """Every ``{"quote": …, "paragraph": …}`` object anywhere inside ``value``."""
    if isinstance(value, dict):
        if "quote" in value:
            yield value
        for item in value.values():
            yield from quote_objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from quote_objects(item)


def check_properties(properties: object, spec: LayerSpec, article: Article) -> list[str]:
    if not isinstance(properties, dict):
        return ["properties must be an object"]
    problems = []
    for field in spec.fields:
        if field.name not in properties or properties[field.name] is None:
            if field.required:
                problems.append(f"missing property {field.name!r}")
            continue
        why = check_value(properties[field.name], field)
        if why:
            problems.append(f"property {field.name!r} {why}")
    if properties.get("approximate") is True and not any(
        word in str(properties.get("location_source", "")).lower()
        for word in ("approximate", "schematic")
    ):
        problems.append("approximate feature: its location_source must say how approximate")
    for quote in quote_objects(properties):
        why = article.quote_problem(quote.get("quote"), quote.get("paragraph"))
        if why:
            problems.append(why)
    return problems


def validate_collection(
    name: str, data: dict, spec: LayerSpec, article: Article
) -> tuple[list[dict], list[Problem]]:
    """Split a FeatureCollection into its valid features and the problems of the rest."""
    good: list[dict] = []
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    for index, feature in enumerate(data["features"]):
        label = feature_label(index, feature)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem(name, label, "not a GeoJSON Feature"))
            continue
        messages = check_geometry(feature.get("geometry"), spec)
        messages += check_properties(feature.get("properties"), spec, article)
        fid = (feature.get("properties") or {}).get("id")
        if isinstance(fid, str):
            if fid in seen_ids:
                messages.append(f"duplicate id {fid!r}")
            seen_ids.add(fid)
        problems.extend(Problem(name, label, m) for m in messages)
        if not messages:
            good.append(feature)
    if not data["features"]:
        problems.append(Problem(name, FILE, "FeatureCollection has no features"))
    return good, problems
