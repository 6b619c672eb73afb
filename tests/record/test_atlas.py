"""The atlas bundle and its cache key: every file it reads, present or gone."""

import shutil
from pathlib import Path

from layers.core.paths import GEODATA_DIR
from layers.record.atlas import fingerprint, load_atlas


def copy_geodata(tmp_path: Path) -> Path:
    for path in GEODATA_DIR.iterdir():
        if path.suffix in {".geojson", ".json"}:
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_fingerprint_changes_with_every_file_the_atlas_reads(tmp_path):
    folder = copy_geodata(tmp_path)
    seen = {fingerprint(folder)}
    for name in ("hokkaido_points.geojson", "scenes.json", "events.json"):
        (folder / name).write_text('{"edited": true}', encoding="utf-8")
        seen.add(fingerprint(folder))
    (folder / "new_layer.geojson").write_text("{}", encoding="utf-8")
    seen.add(fingerprint(folder))
    assert len(seen) == 5


def test_a_file_that_disappears_is_a_change_not_a_crash(tmp_path):
    folder = copy_geodata(tmp_path)
    before = fingerprint(folder)
    (folder / "events.json").unlink()
    (folder / "deployments.geojson").unlink()
    after = fingerprint(folder)
    assert after != before
    atlas = load_atlas(folder)
    assert atlas.events == ()
    assert [str(p) for p in atlas.event_problems] == [
        "events.json: (file): cannot be read: No such file or directory"
    ]
    assert "deployments" not in {layer.key for layer in atlas.layers}
    assert len(atlas.scenes) < 7  # the scenes that show deployments are reported, not drawn
    assert any("'deployments' is not loaded" in str(p) for p in atlas.scene_problems)


def test_the_shipped_atlas_loads_whole(shipped_atlas):
    atlas = shipped_atlas
    assert [p for layer in atlas.layers for p in layer.problems] == []
    # nine files, and the claimed-range rings made from ranges.json (seven rings)
    assert (len(atlas.layers), len(atlas.scenes), len(atlas.events)) == (10, 7, 5)
    assert sum(len(layer.features) for layer in atlas.layers) == 61 + 7
    assert [round(m.km, 1) for m in atlas.measures] == [3.6, 15.9, 80.9]
