"""Broken and oversized files in geodata/: each named with its problem, the rest still
draws, and the app writes nothing into the data folder (checked with an audit hook)."""

import hashlib
import json
import logging
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

from harness import map_args
from harness.paths import DATA_DIR, REPO_ROOT
from layers.core.paths import GEODATA_DIR
from layers.uploads.untrusted import MAX_UPLOAD_BYTES

writes_seen: list[tuple[str, str]] = []  # (event, path) of every write-ish call under watched_root
watched_root: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if not watched_root or event not in {"open", "os.remove", "os.rename", "os.mkdir", "os.chmod"}:
        return
    path = str(args[0]) if args else ""
    if not path.startswith(watched_root[0]):
        return
    if event == "open":
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & 0o3  # O_WRONLY | O_RDWR
        )
        if not writing:
            return
    writes_seen.append((event, path))


sys.addaudithook(_audit)  # hooks cannot be removed; it is inert unless watched_root is set


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def broken_geodata(tmp_path):
    for name in ("basemap_land", "disputed_islands", "hokkaido", "island_settlements"):
        shutil.copy(GEODATA_DIR / f"{name}.geojson", tmp_path / f"{name}.geojson")
    for name in ("scenes.json", "events.json"):
        shutil.copy(GEODATA_DIR / name, tmp_path / name)
    shutil.copy(DATA_DIR / "bad_json.geojson", tmp_path / "deployments.geojson")
    shutil.copy(DATA_DIR / "empty.geojson", tmp_path / "joint_patrols.geojson")
    shutil.copy(DATA_DIR / "not_geojson.geojson", tmp_path / "sakhalin_energy.geojson")
    shutil.copy(DATA_DIR / "latin1.geojson", tmp_path / "class_notes.geojson")
    shutil.copy(DATA_DIR / "self_intersecting.geojson", tmp_path / "bow_tie.geojson")
    points = json.loads((GEODATA_DIR / "hokkaido_points.geojson").read_text("utf-8"))
    points["features"][0]["geometry"]["coordinates"].reverse()  # lat/lon swapped
    del points["features"][1]["properties"]["role"]  # a required property gone
    (tmp_path / "hokkaido_points.geojson").write_text(json.dumps(points), encoding="utf-8")
    with (tmp_path / "huge.geojson").open("wb") as huge:  # 50 MB
        huge.write(b'{"type": "FeatureCollection", "features": [' + b" " * 50_000_000 + b"]}")
    return tmp_path


def test_each_broken_file_is_named_and_the_rest_draws(
    new_app_test, monkeypatch, broken_geodata, shown
):
    before = snapshot(broken_geodata)
    monkeypatch.setenv("FRONTIER_ATLAS_GEODATA", str(broken_geodata))
    watched_root[:] = [str(broken_geodata)]
    writes_seen.clear()
    try:
        at = new_app_test().run()
        at.sidebar.radio(key="mode").set_value("tour").run()
    finally:
        watched_root.clear()
    assert not at.exception
    errors = " | ".join(shown(e.value) for e in at.error)
    warnings = " | ".join(shown(w.value) for w in at.warning)
    for expected in (
        "deployments.geojson: not valid JSON",
        "joint_patrols.geojson: file is empty",
        "sakhalin_energy.geojson: not GeoJSON",
        "class_notes.geojson: not UTF-8 text",
        "huge.geojson: file is 50.0 MB, over the 10 MB limit",
    ):
        assert expected in errors, expected
    assert "Layer file not drawn — bow_tie.geojson" not in errors
    # one short warning, a line per file; each problem folded away beneath it
    assert len(at.warning) == 1
    assert "bow_tie.geojson: 1 feature(s) skipped (a geometry that cannot be drawn)" in warnings
    assert (
        "hokkaido_points.geojson: 1 feature(s) skipped (a geometry that cannot be drawn); "
        "1 feature(s) drawn without what does not fit"
    ) in warnings
    (folded,) = [e for e in at.expander if e.label.startswith("What does not fit, and how")]
    details = " | ".join(shown(m.value) for m in folded.markdown)
    assert "bow_tie.geojson: feature 0 (Bow tie): invalid geometry" in details
    assert "coordinates look swapped" in details
    assert "missing property 'role'" in details
    assert "invalid geometry" not in warnings  # the details are not in the warning
    assert "Kunashiri / Kunashir" in map_args.map_script(at)
    assert snapshot(broken_geodata) == before  # nothing on disk changed
    assert writes_seen == []  # and nothing even tried to write there


def test_read_only_geodata_is_only_ever_read(new_app_test, monkeypatch):
    """Against the real geodata/: no open-for-write, rename or remove under it."""
    watched_root[:] = [str(GEODATA_DIR)]
    writes_seen.clear()
    try:
        at = new_app_test().run()
        at.sidebar.checkbox(key="show_history").check().run()
        at.sidebar.radio(key="mode").set_value("tour").run()
        at.button(key="next").click().run()
    finally:
        watched_root.clear()
    assert not at.exception
    assert writes_seen == []


def test_audit_hook_catches_a_write(tmp_path):
    """The check above can fail: a write under the watched folder is recorded."""
    watched_root[:] = [str(tmp_path)]
    writes_seen.clear()
    try:
        (tmp_path / "x.geojson").write_text("{}", encoding="utf-8")
    finally:
        watched_root.clear()
    assert writes_seen == [("open", str(tmp_path / "x.geojson"))]


def test_server_config_matches_the_app_and_hides_error_details():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_UPLOAD_BYTES
    assert config["client"]["showErrorDetails"] == "none"


def test_an_unexpected_error_shows_a_short_message_and_logs_the_rest(
    new_app_test, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/frontier")

    monkeypatch.setattr("page.state.client_state", broken)
    with caplog.at_level(logging.ERROR, logger="frontier_atlas"):
        at = new_app_test().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors
    for error in errors:
        assert error.startswith("Sorry, this part of the page could not be drawn.")
        assert "secret" not in error
    records = [r for r in caplog.records if r.name == "frontier_atlas"]
    assert len(records) == len(errors)
    assert all("secret internals" in str(r.exc_info[1]) for r in records)


def test_odd_layer_and_malformed_scenes_and_events_do_not_take_the_page_down(
    new_app_test, monkeypatch, tmp_path, shown
):
    """Counterexamples of the property tests, together: the page names them and draws."""
    for name in ("basemap_land", "disputed_islands", "hokkaido"):
        shutil.copy(GEODATA_DIR / f"{name}.geojson", tmp_path / f"{name}.geojson")
    shutil.copy(DATA_DIR / "odd_properties.geojson", tmp_path / "odd_properties.geojson")
    (tmp_path / "scenes.json").write_text("[]", encoding="utf-8")
    (tmp_path / "events.json").write_text('{"events": [{"title": "no id"}, 7]}', "utf-8")
    monkeypatch.setenv("FRONTIER_ATLAS_GEODATA", str(tmp_path))
    at = new_app_test().run()
    at.sidebar.radio(key="mode").set_value("tour").run()
    assert not at.exception
    shown_text = " | ".join(shown(m.value) for m in [*at.error, *at.warning, *at.markdown])
    assert (
        "odd_properties.geojson: 1 feature(s) skipped (a geometry that cannot be drawn); "
        "3 feature(s) drawn without what does not fit"
    ) in shown_text
    assert "feature 0 ($5 and $10 ![t](http://127.0.0.1:9/p.png)): property 'quotes'" in shown_text
    assert not [m.value for m in at.warning if "![t](" in m.value]  # escaped, not an image
    assert "scenes.json: expected an object {'scenes': [...]}" in shown_text
    assert "events.json: event 1: event must be an object" in shown_text
    script = map_args.map_script(at)
    assert "Kunashiri / Kunashir" in script
    assert "<script>alert(1)</script>" not in script
