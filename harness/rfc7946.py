"""RFC 7946 checks of a GeoJSON document, for the tests: an independent count of polygon
rings wound the wrong way (shapely's ``LinearRing.is_ccw`` on the file's own coordinates)
and what geojson-validator (PyPI) finds invalid."""

from __future__ import annotations

from collections.abc import Iterator

import geojson_validator
from shapely.geometry import LinearRing

geojson_validator.configure_logging(enabled=False)


def _rings(geometry: dict) -> Iterator[tuple[bool, list]]:
    """(is the exterior, coordinates) of every polygon ring in a GeoJSON geometry."""
    kind = geometry["type"]
    if kind == "GeometryCollection":
        for part in geometry["geometries"]:
            yield from _rings(part)
        return
    polygons = {"Polygon": [geometry["coordinates"]], "MultiPolygon": geometry["coordinates"]}
    for polygon in polygons.get(kind, []):
        for index, ring in enumerate(polygon):
            yield index == 0, ring


def ring_counts(document: dict) -> tuple[int, int]:
    """(rings wound against RFC 7946 section 3.1.6, all rings) of a FeatureCollection."""
    wrong = total = 0
    for feature in document["features"]:
        for exterior, ring in _rings(feature["geometry"] or {"type": "none"}):
            total += 1
            wrong += LinearRing(ring).is_ccw != exterior
    return wrong, total


def validator_findings(document: dict) -> dict:
    """What geojson-validator calls invalid (winding, unclosed rings…) and its structure
    errors, a ``crs`` member among them; empty when the document is RFC 7946 GeoJSON."""
    invalid = geojson_validator.validate_geometries(document)["invalid"]
    structure = geojson_validator.validate_structure(document, check_crs=True)
    return {**invalid, **structure}
