"""GeoJSON geometry, checked and built into shapely once: drawable, in the map's region."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from layers.core.problems import Reject
from layers.core.records import JSONObject
from layers.core.specs import REGION_BBOX, LayerSpec

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def _positions(coordinates: object, depth: int = 0) -> Iterator[list[Any]]:
    """Yield every position (innermost list) in a coordinates array."""
    if depth > 4:
        raise Reject("coordinates are nested deeper than any GeoJSON geometry")
    if isinstance(coordinates, list) and coordinates and not isinstance(coordinates[0], list):
        yield coordinates
    elif isinstance(coordinates, list):
        for item in coordinates:
            yield from _positions(item, depth + 1)


def finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def in_region(lon: float, lat: float) -> bool:
    west, south, east, north = REGION_BBOX
    return west <= lon <= east and south <= lat <= north


def _check_positions(geometry: JSONObject) -> None:
    parts = geometry.get("geometries") if geometry["type"] == "GeometryCollection" else [geometry]
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        raise Reject("geometry collection must list geometries")
    positions = [pos for part in parts for pos in _positions(part.get("coordinates"))]
    if not positions:
        raise Reject("geometry has no coordinates")
    for pos in positions:
        if not isinstance(pos, list) or len(pos) < 2 or not all(finite(v) for v in pos):
            raise Reject(f"coordinate {str(pos)[:60]} is not a pair of finite numbers")
    outside = [p for p in positions if not in_region(p[0], p[1])]
    if outside:
        lon, lat = outside[0][:2]
        if all(in_region(p[1], p[0]) for p in outside):
            raise Reject(
                f"coordinates look swapped ({lon}, {lat}): GeoJSON wants [longitude, latitude]"
            )
        raise Reject(f"coordinate ({lon}, {lat}) lies outside the map region {REGION_BBOX}")


def parse_geometry(geometry: object, spec: LayerSpec) -> BaseGeometry:
    """The feature's shapely geometry, built once; ``Reject`` says why it cannot be drawn."""
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise Reject("geometry missing or not a GeoJSON geometry")
    gtype = geometry["type"]
    if gtype not in spec.geometry_types:
        raise Reject(f"{gtype} geometry, but this layer takes {', '.join(spec.geometry_types)}")
    _check_positions(geometry)
    try:
        geom = shape(geometry)
    except (GEOSException, ValueError, TypeError, IndexError, AttributeError, KeyError) as exc:
        raise Reject(f"geometry cannot be built: {str(exc)[:120]}") from exc
    if geom.is_empty:
        raise Reject("geometry is empty")
    if not geom.is_valid:
        raise Reject(f"invalid geometry: {explain_validity(geom)}")
    return geom
