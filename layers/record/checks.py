"""Checks of the data against the map's own data: positions against its coast, history lines
against their treaty's extent, and the article's paragraph numbering.

Distances are measured in UTM zone 54N (EPSG:32654, metres), which covers the frontier
(Hokkaido, Sakhalin, the Kurils) with a scale error under 1 % — far below the tolerances.
The coast is ``geodata/basemap_land.geojson``: what the reader sees. Every check returns
``Problem``s; none raises. The rules (README, "Checks"):

- a point in an onshore layer, or with ``setting: "onshore"``, lies on land, within
  ``LAND_TOLERANCE_M``;
- a point with ``setting: "islet"`` (a rock or islet too small for GSHHG, which the base map
  does not draw) lies within ``ISLET_MAX_KM`` of the map's land;
- a point with ``setting: "offshore"`` states ``offshore_km`` with its source and is drawn
  that far from the coast, within ±``OFFSHORE_SHARE`` or ±``OFFSHORE_MIN_KM``, whichever is larger;
- an onshore line is at least ``ON_LAND_SHARE`` on land once its named ``water_crossings``
  are taken off its length at sea;
- a history line lies inside its ``treaty_extent``, which names its source;
- every polygon ring is wound as RFC 7946 says (section 3.1.6): the exterior
  counter-clockwise, holes clockwise (GIS tools and renderers that follow the RFC fill a
  wrongly wound polygon inside out);
- layers listed in ``SETTING_REQUIRED`` say which setting each feature has, and history lines
  give their treaty extent;
- the article's paragraphs, which quotes are numbered by, are paragraphs: the title and the
  subheadings are not counted, so a subheading must be marked ``## `` (that each quote is
  verbatim in the paragraph it names is checked when it is parsed, ``Article.quote_problem``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from layers.core.problems import FILE, Problem
from layers.core.records import Feature, Layer
from layers.record.article import Article

METRIC_CRS = "EPSG:32654"  # UTM zone 54N
LAND_LAYER = "basemap_land"
# The land the reader sees: the base map (islands under 2 km² dropped) and the shapes drawn
# over it at full resolution (the disputed islands, with the Habomai islets, and Hokkaido).
LAND_LAYERS = frozenset({LAND_LAYER, "disputed_islands", "hokkaido"})
ONSHORE_LAYERS = frozenset({"deployments", "island_settlements", "hokkaido_points"})
SETTING_REQUIRED = frozenset({"sakhalin_energy"})
EXTENT_REQUIRED = frozenset({"history"})
# The coast is GSHHG with coordinates at 3 decimals (~100 m) and, around the featured islands,
# simplified at 0.002° (~200 m): a place on the shore may fall that far out at sea.
LAND_TOLERANCE_M = 300.0
OFFSHORE_SHARE = 0.30
# An islet under GSHHG's resolution (Kaigara-jima, 1.4 km off the nearest drawn land) is not
# drawn at all; its point must still be near the land the map does draw.
ISLET_MAX_KM = 5.0
OFFSHORE_MIN_KM = 3.0
ON_LAND_SHARE = 0.95
SENTENCE_ENDS = (".", "?", "!", "”", "’", '"', "'", ":", ";", ")")
HEADING_WORDS = 12  # a paragraph this short that does not end like a sentence is a heading

_TO_METRIC = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


def _to_metric(lonlat: np.ndarray) -> np.ndarray:
    return np.column_stack(_TO_METRIC.transform(lonlat[:, 0], lonlat[:, 1]))


def metric(geometry: BaseGeometry) -> BaseGeometry:
    """``geometry`` (lon/lat) in metres, in UTM zone 54N."""
    return shapely.transform(geometry, _to_metric)


def land_of(layers: Iterable[Layer]) -> BaseGeometry | None:
    """The map's land in metres (``LAND_LAYERS``), or None when its base map is not loaded."""
    if not any(layer.key == LAND_LAYER and layer.features for layer in layers):
        return None
    parts = [f.geometry for layer in layers if layer.key in LAND_LAYERS for f in layer.features]
    land = metric(shapely.union_all(parts))
    shapely.prepare(land)
    return land


def _where(feature: Feature) -> str:
    return f"{feature.id} ({feature.names.display()})"


def _setting(layer: Layer, feature: Feature) -> str:
    if layer.key in ONSHORE_LAYERS and feature.placement.setting != "islet":
        return "onshore"
    return feature.placement.setting


def _point_problem(feature: Feature, setting: str, land: BaseGeometry) -> str | None:
    point = metric(feature.geometry)
    km = land.distance(point) / 1000
    if setting == "onshore":
        if km * 1000 > LAND_TOLERANCE_M:
            return f"onshore point lies {km:.1f} km out at sea on the map's coast"
        return None
    if setting == "islet":
        if km > ISLET_MAX_KM:
            return (
                f"a point on an islet too small for the base map lies {km:.1f} km from the "
                f"map's land (at most {ISLET_MAX_KM:g} km): check its position"
            )
        return None
    stated = feature.placement.offshore_km
    if stated is None:
        return "offshore point needs 'offshore_km' (the distance from the coast its source gives)"
    if feature.cite("offshore_km") is None:
        return "offshore point needs 'offshore_km_source' (the number of the source stating it)"
    allowed = max(OFFSHORE_SHARE * stated, OFFSHORE_MIN_KM)
    if abs(km - stated) > allowed:
        return (
            f"offshore point is drawn {km:.1f} km from the map's coast, but its source says "
            f"{stated:g} km (allowed ±{allowed:.1f} km)"
        )
    return None


def _line_problem(feature: Feature, land: BaseGeometry) -> str | None:
    line = metric(feature.geometry)
    total = line.length / 1000
    at_sea = line.difference(land.buffer(LAND_TOLERANCE_M)).length / 1000
    unexplained = max(at_sea - feature.placement.water_km, 0.0)
    if total and unexplained > (1 - ON_LAND_SHARE) * total:
        crossings = feature.placement.water_km
        named = f", {crossings:g} km of it named water crossings" if crossings else ""
        return (
            f"onshore line has {at_sea:.1f} of its {total:.1f} km at sea{named}: "
            f"at most {(1 - ON_LAND_SHARE) * total:.1f} km may be, besides named crossings"
        )
    return None


def _extent_problem(feature: Feature) -> str | None:
    extent = feature.placement.treaty_extent
    if extent is None:
        return "history line needs 'treaty_extent' [west, south, east, north] from its treaty"
    if feature.cite("treaty_extent") is None:
        return "history line needs 'treaty_extent_source' (the number of the treaty's source)"
    outside = feature.geometry.difference(box(*extent))
    if outside.length > 0:
        west, south, east, north = outside.bounds
        return (
            f"history line leaves its treaty extent {list(extent)}: a part at lon "
            f"{west:.2f}–{east:.2f}, lat {south:.2f}–{north:.2f} lies outside it"
        )
    return None


def feature_problems(layer: Layer, feature: Feature, land: BaseGeometry) -> list[str]:
    """Why one feature's position disagrees with the map's coast or its treaty."""
    found: list[str | None] = []
    setting = _setting(layer, feature)
    if layer.key in SETTING_REQUIRED and not setting:
        found.append("needs 'setting': 'onshore' or 'offshore'")
    if setting and feature.kind == "point":
        found.append(_point_problem(feature, setting, land))
    if setting == "onshore" and feature.kind == "line":
        found.append(_line_problem(feature, land))
    if layer.key in EXTENT_REQUIRED:
        found.append(_extent_problem(feature))
    return [why for why in found if why]


def _polygons(geometry: BaseGeometry) -> list[shapely.Polygon]:
    parts = shapely.get_parts(geometry)
    found = [p for p in parts if isinstance(p, shapely.Polygon)]
    for part in parts:
        if isinstance(part, shapely.GeometryCollection | shapely.MultiPolygon):
            found += _polygons(part)
    return found


def winding_problem(feature: Feature) -> str | None:
    """Rings of ``feature``'s polygons wound against RFC 7946 (exterior counter-clockwise,
    holes clockwise), or None."""
    wrong = total = 0
    for polygon in _polygons(feature.geometry):
        rings = [(polygon.exterior, True), *((ring, False) for ring in polygon.interiors)]
        total += len(rings)
        wrong += sum(ring.is_ccw != exterior for ring, exterior in rings)
    if not wrong:
        return None
    return (
        f"{wrong} of {total} polygon ring(s) wound the wrong way: RFC 7946 wants exteriors "
        "counter-clockwise and holes clockwise; rebuild generated files with "
        "'python -m layers.build.geodata', or orient with "
        "shapely.orient_polygons(geometry, exterior_cw=False)"
    )


def winding_problems(layers: Sequence[Layer]) -> list[Problem]:
    """Every feature in ``layers`` with a polygon ring wound against RFC 7946."""
    return [
        Problem(layer.source, _where(feature), why)
        for layer in layers
        for feature in layer.features
        if (why := winding_problem(feature))
    ]


def check_layers(layers: Sequence[Layer], land: BaseGeometry | None = None) -> list[Problem]:
    """Every position problem in ``layers``, measured against ``land`` (default: theirs),
    and every ring wound against RFC 7946."""
    land = land if land is not None else land_of(layers)
    winding = winding_problems(layers)
    if land is None:
        return [
            Problem(f"{LAND_LAYER}.geojson", FILE, "not loaded: positions cannot be checked"),
            *winding,
        ]
    return winding + [
        Problem(layer.source, _where(feature), why)
        for layer in layers
        if layer.key not in LAND_LAYERS
        for feature in layer.features
        for why in feature_problems(layer, feature, land)
    ]


def check_article(article: Article, name: str = "article.md") -> list[Problem]:
    """Paragraphs that look like an unmarked subheading (short, not ending like a sentence),
    which would shift the number of every paragraph after them."""
    return [
        Problem(
            name,
            f"paragraph {number}",
            f"{text[:60]!r} does not end like a sentence: if it is a subheading, mark it "
            "'## ' (quotes are numbered without the title and subheadings)",
        )
        for number, text in enumerate(article.paragraphs, start=1)
        if len(text.split()) < HEADING_WORDS and not text.rstrip().endswith(SENTENCE_ENDS)
    ]
