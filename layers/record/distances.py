"""The distances that tell the story, measured on the WGS84 ellipsoid.

Nearest points between shapes are found in an azimuthal equidistant projection
centred between them (metric, near-true distances at this scale); the distance
reported is then the geodesic between those two lon/lat points (``pyproj.Geod``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Geod, Transformer
from shapely import transform
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from layers.core.records import Layer

GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Measure:
    label: str
    start: tuple[float, float]  # lon, lat
    end: tuple[float, float]
    km: float

    def line(self, segments: int = 16) -> list[tuple[float, float]]:
        """Points along the geodesic, as (lat, lon) for Leaflet."""
        inner = GEOD.npts(*self.start, *self.end, segments - 1)
        points = [self.start, *inner, self.end]
        return [(lat, lon) for lon, lat in points]


def geodesic_km(start: tuple[float, float], end: tuple[float, float]) -> float:
    metres: float = GEOD.inv(*start, *end)[2]
    return metres / 1000.0


def path_km(coords: Sequence[tuple[float, float]]) -> float:
    """The geodesic length of a path of (lon, lat) points, in km (WGS84)."""
    lons, lats = zip(*coords, strict=True) if coords else ((), ())
    metres: float = GEOD.line_length(lons, lats) if len(lons) > 1 else 0.0
    return metres / 1000.0


def area_km2(ring: Sequence[tuple[float, float]]) -> float:
    """The geodesic area of a ring of (lon, lat) points (open or closed), in km² (WGS84)."""
    lons, lats = zip(*ring, strict=True) if ring else ((), ())
    if len(lons) < 3:
        return 0.0
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area) / 1e6


def nearest_pair(
    a: BaseGeometry, b: BaseGeometry
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Closest lon/lat points of shapely geometries ``a`` and ``b``."""
    centre = LineString([a.centroid, b.centroid]).interpolate(0.5, normalized=True)
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84")
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)

    def project(geom: BaseGeometry) -> BaseGeometry:
        return transform(geom, lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])))

    pa, pb = nearest_points(project(a), project(b))
    return back.transform(pa.x, pa.y), back.transform(pb.x, pb.y)


def measure(label: str, a: BaseGeometry, b: BaseGeometry) -> Measure:
    start, end = nearest_pair(a, b)
    return Measure(label, start, end, geodesic_km(start, end))


def _find(layers: Iterable[Layer], key: str, fid: str) -> BaseGeometry | None:
    for layer in layers:
        for feature in layer.features if layer.key == key else ():
            if feature.id == fid:
                return feature.geometry
    return None


# (label, (layer, id) of the start, (layer, id) of the end)
STORY_DISTANCES = (
    (
        "Cape Nosappu to Kaigara-jima, the nearest Habomai islet",
        ("hokkaido_points", "cape_nosappu"),
        ("island_settlements", "kaigara_jima"),
    ),
    ("Hokkaido to Kunashir", ("hokkaido", "hokkaido"), ("disputed_islands", "kunashiri")),
    (
        "Nemuro to Yuzhno-Kurilsk",
        ("hokkaido_points", "nemuro"),
        ("island_settlements", "yuzhno_kurilsk"),
    ),
)


def story_distances(layers: list[Layer]) -> tuple[list[Measure], list[str]]:
    """The measures whose ends are loaded, and a message for each that is not."""
    found: list[Measure] = []
    missing: list[str] = []
    for label, (layer_a, id_a), (layer_b, id_b) in STORY_DISTANCES:
        a = _find(layers, layer_a, id_a)
        b = _find(layers, layer_b, id_b)
        if a is None or b is None:
            absent = f"{layer_a}/{id_a}" if a is None else f"{layer_b}/{id_b}"
            missing.append(f"distance '{label}' not drawn: {absent} is not loaded")
            continue
        found.append(measure(label, a, b))
    return found, missing
