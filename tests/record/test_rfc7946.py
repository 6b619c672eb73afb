"""The shipped GeoJSON is RFC 7946 in full: rings wound exterior counter-clockwise and holes
clockwise, no ``crs`` member; checked by geojson-validator and independently with shapely."""

from __future__ import annotations

import json

import pytest

from harness.paths import GEODATA_DIR
from harness.rfc7946 import ring_counts, validator_findings

SHIPPED = sorted(GEODATA_DIR.glob("*.geojson"))
# Polygon rings in the shipped files, counted when they were reoriented (issue 25): the
# base map's land, the four disputed islands (Habomai's 17 islets) and Hokkaido.
POLYGON_RINGS = {"basemap_land": 714, "disputed_islands": 20, "hokkaido": 1}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_file_is_rfc7946(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "crs" not in document
    wrong, total = ring_counts(document)
    assert (wrong, total) == (0, POLYGON_RINGS.get(path.stem, 0))
    assert validator_findings(document) == {}


def test_the_check_finds_a_wrongly_wound_ring():
    clockwise = [[145, 43], [145, 44], [146, 44], [146, 43], [145, 43]]
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [clockwise]},
            }
        ],
    }
    assert ring_counts(document) == (1, 1)
    assert set(validator_findings(document)) >= {"exterior_not_ccw"}
    assert len(validator_findings(document)) == 2  # and the crs member
