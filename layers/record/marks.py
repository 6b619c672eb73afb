"""A reader's own marks (lines, areas, points, text labels): parsed from untrusted input,
measured on the ellipsoid, written as RFC 7946 GeoJSON.

Marks come from the browser (the map's drawing tools, ``layers/web/static/marks.js``, as
GeoJSON features) and from tour files (a scene's ``marks``): both are user input. Any JSON
gives marks or is dropped with a reason, never an exception. Limits keep a page and a figure
small: ``MAX_MARKS`` marks, ``MAX_VERTICES`` positions each, ``MAX_LABEL`` characters of
label. Text is kept exactly as written (the renderers escape it, once).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from shapely.geometry import LinearRing

from layers.core.records import Mark, MarkKind
from layers.core.specs import PALETTE, REGION_BBOX
from layers.record.distances import area_km2, path_km

MAX_MARKS = 50
MAX_VERTICES = 200  # positions of one mark
MAX_LABEL = 120  # characters of one label
NMI_KM = 1.852
# A few colours of the map's palette (Okabe & Ito), named for the toolbar.
MARK_COLORS: dict[str, str] = {
    PALETTE["vermillion"]: "Red",
    PALETTE["blue"]: "Blue",
    PALETTE["green"]: "Green",
    PALETTE["purple"]: "Purple",
    PALETTE["black"]: "Black",
}
DEFAULT_COLOR = PALETTE["vermillion"]
_KINDS: dict[str, tuple[MarkKind, ...]] = {
    "LineString": ("line",),
    "Polygon": ("area",),
    "Point": ("point", "text"),
}
_LEAST = {"line": 2, "area": 3, "point": 1, "text": 1}


def parse_marks(value: object) -> tuple[tuple[Mark, ...], list[str]]:
    """The marks in ``value`` (a list of GeoJSON features or a FeatureCollection), and a
    reason for each feature left out. Never raises."""
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        value = value.get("features")
    if value is None:
        return (), []
    if not isinstance(value, list):
        return (), ["marks are not a list of GeoJSON features: none were read"]
    marks: list[Mark] = []
    dropped: list[str] = []
    for index, feature in enumerate(value):
        if len(marks) >= MAX_MARKS:
            dropped.append(f"only {MAX_MARKS} marks are kept: {len(value) - index} left out")
            break
        mark = _mark(feature, index)
        if isinstance(mark, str):
            dropped.append(f"mark {index}: {mark}")
        else:
            marks.append(mark)
    return tuple(marks), dropped


def _mark(feature: object, index: int) -> Mark | str:
    if not isinstance(feature, dict):
        return "not a GeoJSON feature"
    geometry, props = feature.get("geometry"), feature.get("properties")
    props = props if isinstance(props, dict) else {}
    if not isinstance(geometry, dict) or geometry.get("type") not in _KINDS:
        return "not a line, an area or a point"
    kinds = _KINDS[geometry["type"]]
    kind: MarkKind = next((k for k in kinds if k == props.get("kind")), kinds[0])
    coords = _coords(geometry.get("coordinates"), geometry["type"])
    if isinstance(coords, str):
        return coords
    if len(coords) < _LEAST[kind]:
        return f"a {kind} needs at least {_LEAST[kind]} distinct positions"
    color = props.get("color")
    label = props.get("label")
    ident = props.get("id")
    return Mark(
        id=ident[:40] if isinstance(ident, str) and ident else f"mark-{index}",
        kind=kind,
        coords=coords,
        color=color.upper()
        if isinstance(color, str) and color.upper() in MARK_COLORS
        else DEFAULT_COLOR,
        dashed=props.get("dashed") is True,
        arrow=props.get("arrow") is True and kind == "line",
        label=" ".join(label.split())[:MAX_LABEL] if isinstance(label, str) else "",
    )


def _coords(value: object, kind: str) -> tuple[tuple[float, float], ...] | str:
    """(lon, lat) positions, rounded to 6 decimals (~0.1 m), inside the atlas's region."""
    if kind == "Point":
        value = [value]
    elif kind == "Polygon":
        value = value[0] if isinstance(value, list) and value else None
    if not isinstance(value, list) or not value:
        return "no positions"
    if len(value) > MAX_VERTICES + 1:
        return f"more than {MAX_VERTICES} positions: draw it with fewer"
    west, south, east, north = REGION_BBOX
    out: list[tuple[float, float]] = []
    for position in value:
        if not isinstance(position, list) or len(position) < 2:
            return "a position is not [longitude, latitude]"
        lon, lat = position[0], position[1]
        if not all(_number(v) for v in (lon, lat)):
            return "a position is not two finite numbers"
        if not (west <= lon <= east and south <= lat <= north):
            return "a position is outside the atlas's region"
        point = (round(float(lon), 6), round(float(lat), 6))
        if not out or out[-1] != point:
            out.append(point)
    if kind == "Polygon" and len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return tuple(out)


def _number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer beyond any float
        return False


def measure_text(mark: Mark) -> str:
    """A line's geodesic length ("49.3 km (26.6 nmi)"), an area's ("4,529.8 km²"); else ""."""
    if mark.kind == "line":
        km = path_km(mark.coords)
        return f"{km:,.1f} km ({km / NMI_KM:,.1f} nmi)"
    if mark.kind == "area":
        return f"{area_km2(mark.coords):,.1f} km²"
    return ""


def mark_geometry(mark: Mark) -> dict[str, Any]:
    """The mark's GeoJSON geometry; an area's ring closed and counter-clockwise (RFC 7946)."""
    points = [list(p) for p in mark.coords]
    if mark.kind == "line":
        return {"type": "LineString", "coordinates": points}
    if mark.kind == "area":
        ring = mark.coords if LinearRing(mark.coords).is_ccw else mark.coords[::-1]
        return {"type": "Polygon", "coordinates": [[list(p) for p in (*ring, ring[0])]]}
    return {"type": "Point", "coordinates": points[0]}


def mark_feature(mark: Mark) -> dict[str, Any]:
    """One mark as a GeoJSON feature: its style and label, its measure, and a ``name``
    (the label, or what it is) for the upload that reads it back as a layer."""
    measured = measure_text(mark)
    name = mark.label or f"My {mark.kind}" + (f", {measured}" if measured else "")
    properties: dict[str, Any] = {
        "id": mark.id,
        "name": name,
        "kind": mark.kind,
        "color": mark.color,
        "dashed": mark.dashed,
        "arrow": mark.arrow,
        "label": mark.label,
    }
    if measured:
        properties["measure"] = measured
        properties["measured_on"] = "WGS84 ellipsoid, geodesic (pyproj.Geod)"
    return {"type": "Feature", "properties": properties, "geometry": mark_geometry(mark)}


def marks_geojson(marks: Sequence[Mark]) -> dict[str, Any]:
    """The marks as an RFC 7946 FeatureCollection (lon/lat WGS84, no ``crs``)."""
    return {"type": "FeatureCollection", "features": [mark_feature(m) for m in marks]}
