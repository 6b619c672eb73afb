"""The feature table lists every feature of the map (its text alternative)."""

from __future__ import annotations

import json

from layers.analyst.table import table_rows
from layers.core.paths import GEODATA_DIR
from layers.core.specs import REGISTRY


def test_the_table_lists_every_feature_once(shipped_atlas):
    atlas = shipped_atlas
    rows = table_rows(atlas.drawable)
    expected = set()
    for key, spec in REGISTRY.items():
        if spec.interactive:
            features = json.loads((GEODATA_DIR / f"{key}.geojson").read_text())["features"]
            expected |= {(key, f["properties"]["id"]) for f in features}
    ranges = json.loads((GEODATA_DIR / "ranges.json").read_text())["ranges"]
    expected |= {("claimed_ranges", f"ring_{fid}") for fid in ranges}
    listed = [(r.layer_key, r.feature_id) for r in rows]
    assert len(listed) == len(set(listed))
    assert set(listed) == expected


def test_a_row_carries_names_date_confidence_and_sources(shipped_atlas):
    atlas = shipped_atlas
    rows = {r.feature_id: r for r in table_rows(atlas.drawable)}
    raw = {
        f["properties"]["id"]: f["properties"]
        for f in json.loads((GEODATA_DIR / "deployments.geojson").read_text())["features"]
    }
    for fid, props in raw.items():
        row = rows[fid]
        assert row.name_en == props["name_en"]
        assert row.name_ru == props.get("name_ru", "")
        assert row.confidence == props["confidence"]
        assert row.approximate == props["approximate"]
        for source in props["sources"]:
            assert source["publisher"] in row.sources
    (kunashir,) = [r for r in rows.values() if r.name_en.startswith("Kunashiri")]
    assert kunashir.name_ja.startswith("国後")
