"""Place the Sakhalin features on the map's own coast (build time, run by ``build_geodata``).

Offshore points go due east of Sakhalin's east coast at the distance their source states;
pipeline corridors run through waypoints on land. Distances are measured on the land the map
draws (``basemap_land.geojson``) in UTM zone 54 (EPSG:32654), so what the map shows agrees
with what the sources say. Inputs: ``geodata/curated/sakhalin_positions.json``; output: the
geometries (and ``water_crossings``) in ``geodata/sakhalin_energy.geojson``, every other
property kept as curated. Fails loudly when a placement cannot satisfy the rules.
"""

from __future__ import annotations

import json
import logging
from itertools import pairwise
from pathlib import Path

import numpy as np
from pyproj import Transformer
from shapely import transform
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import unary_union

log = logging.getLogger("build_geodata")
TO_UTM = Transformer.from_crs(4326, 32654, always_xy=True)
MIN_ON_LAND = 0.95
TOLERANCE = (0.30, 3.0)  # ±30 %, or ±3 km when that is more
SAKHALIN_WINDOW = (140.5, 45.8, 145.5, 54.5)
COORD_DECIMALS = 4  # ~10 m


def utm(geometry):
    """The geometry in EPSG:32654 metres."""
    return transform(geometry, _utm_xy)


def _utm_xy(xy: np.ndarray) -> np.ndarray:
    x, y = TO_UTM.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def load_land(geodata: Path):
    """The map's land around Sakhalin, in lon/lat and in UTM 54."""
    features = json.loads((geodata / "basemap_land.geojson").read_text(encoding="utf-8"))
    land = unary_union([shape(f["geometry"]) for f in features["features"]]).intersection(
        box(*SAKHALIN_WINDOW)
    )
    return land, utm(land)


def coast_km(land_utm, lon: float, lat: float) -> float:
    """Distance (km) from a point at sea to the map's land; 0 on land."""
    return land_utm.distance(utm(Point(lon, lat))) / 1000


def offshore_point(land, land_utm, lat: float, km: float) -> tuple[float, float]:
    """The point due east of Sakhalin's east coast at ``lat``, ``km`` from the map's land."""
    parallel = LineString([(SAKHALIN_WINDOW[0], lat), (SAKHALIN_WINDOW[2], lat)])
    low = parallel.intersection(land).bounds[2]  # the easternmost land on this parallel
    high = low
    while coast_km(land_utm, high, lat) < km:
        high += 0.05
    for _ in range(30):
        mid = (low + high) / 2
        low, high = (mid, high) if coast_km(land_utm, mid, lat) < km else (low, mid)
    return round(high, COORD_DECIMALS), lat


def route_report(land_utm, waypoints: list, crossings: list) -> tuple[float, float, list]:
    """(length km, share on land outside the named crossings, [(crossing name, km of water)])."""
    length = counted = dry = 0.0
    water = []
    for index, (a, b) in enumerate(pairwise(waypoints)):
        segment = utm(LineString([a, b]))
        km, at_sea = segment.length / 1000, segment.difference(land_utm).length / 1000
        length += km
        named = [c["name"] for c in crossings if (c["from"], c["to"]) == (index, index + 1)]
        if named:
            water.append((named[0], round(at_sea, 1)))
            km -= at_sea
        counted += km
        dry += km - (0 if named else at_sea)
    return length, dry / counted, water


def place(geodata: Path) -> None:
    """Rewrite the geometries of ``sakhalin_energy.geojson`` from the curated positions."""
    curated = json.loads(
        (geodata / "curated" / "sakhalin_positions.json").read_text(encoding="utf-8")
    )
    path = geodata / "sakhalin_energy.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    land, land_utm = load_land(geodata)
    by_id = {f["properties"]["id"]: f for f in collection["features"]}
    for fid, spec in curated["offshore"].items():
        _place_offshore(land, land_utm, by_id[fid], spec["latitude"])
    for fid, spec in curated["onshore"].items():
        _place_onshore(land_utm, by_id[fid], spec["lonlat"])
    for fid, spec in curated["routes"].items():
        _place_route(land_utm, by_id[fid], spec)
    text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")
    log.info("wrote %s (positions from curated/sakhalin_positions.json)", path.name)


def _place_offshore(land, land_utm, feature: dict, lat: float) -> None:
    props = feature["properties"]
    stated = props["offshore_km"]
    lon, lat = offshore_point(land, land_utm, lat, stated)
    drawn = coast_km(land_utm, lon, lat)
    if abs(drawn - stated) > max(TOLERANCE[0] * stated, TOLERANCE[1]):
        raise RuntimeError(f"{props['id']}: drawn {drawn:.1f} km out, source says {stated}")
    feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    log.info("  %s: %.1f km from the map's coast (stated %s)", props["id"], drawn, stated)


def _place_onshore(land, feature: dict, lonlat: list) -> None:
    if coast_km(land, *lonlat) > 0:
        raise RuntimeError(f"{feature['properties']['id']}: {lonlat} is not on the map's land")
    feature["geometry"] = {"type": "Point", "coordinates": list(lonlat)}


def _place_route(land, feature: dict, spec: dict) -> None:
    props = feature["properties"]
    points = [w["lonlat"] for w in spec["waypoints"]]
    for waypoint in spec["waypoints"]:
        if coast_km(land, *waypoint["lonlat"]) > 0:
            raise RuntimeError(f"{props['id']}: waypoint {waypoint['name']!r} is at sea")
    length, share, water = route_report(land, points, spec["crossings"])
    if share < MIN_ON_LAND:
        raise RuntimeError(f"{props['id']}: only {share:.1%} on land outside named crossings")
    feature["geometry"] = {"type": "LineString", "coordinates": points}
    if water:
        props["water_crossings"] = [{"name": name, "km": km} for name, km in water]
    log.info("  %s: %.0f km, %.1f %% on land outside %s", props["id"], length, 100 * share, water)
