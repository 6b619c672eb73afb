"""Claimed-range rings: geometry on the ellipsoid, places inside, the timeline, the data."""

from __future__ import annotations

import json
import shutil
from itertools import pairwise

import pytest
from pyproj import Geod

from layers.core.paths import GEODATA_DIR
from layers.plan.view import ViewOptions, plan_view, scene_options
from layers.record.atlas import load_atlas
from layers.record.rings import RINGS
from layers.web.mapbuild import layer_collection

WGS84 = Geod(ellps="WGS84")  # the test's own, not the code's
PLACE_FILES = ("island_settlements", "hokkaido_points", "sakhalin_energy")


def raw(name: str) -> dict:
    return json.loads((GEODATA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


@pytest.fixture(scope="module")
def rings(atlas):
    (layer,) = [layer for layer in atlas.layers if layer.key == RINGS]
    assert not layer.problems
    return {f.id.removeprefix("ring_"): f for f in layer.features}


def centres() -> dict[str, tuple[float, float]]:
    return {
        f["properties"]["id"]: tuple(f["geometry"]["coordinates"])
        for f in raw("deployments.geojson")["features"]
    }


def test_every_claimed_range_has_a_ring(rings):
    ranges = raw("ranges.json")["ranges"]
    assert set(rings) == set(ranges) & set(centres())
    assert len(rings) >= 5


def test_every_vertex_and_every_chord_midpoint_is_at_the_range(rings):
    ranges, where = raw("ranges.json")["ranges"], centres()
    for fid, ring in rings.items():
        km, (lon0, lat0) = ranges[fid]["km"], where[fid]
        coords = list(ring.geometry.coords)
        assert coords[0] == coords[-1]
        assert len(coords) > 36
        # the vertices, and the middle of each straight piece between them (lon/lat)
        middles = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in pairwise(coords)]
        for lon, lat in coords + middles:
            distance = WGS84.inv(lon0, lat0, lon, lat)[2] / 1000
            assert abs(distance - km) <= 0.005 * km, (fid, lon, lat, distance)


def test_ring_vertices_are_to_five_decimals_and_within_a_metre_of_the_range(rings):
    """5 decimals of a degree is ~1 m: pyproj's 15 carried ~95 kB of noise into the map."""
    ranges, where = raw("ranges.json")["ranges"], centres()
    for fid, ring in rings.items():
        km, (lon0, lat0) = ranges[fid]["km"], where[fid]
        for lon, lat in ring.geometry.coords:
            assert (round(lon, 5), round(lat, 5)) == (lon, lat), fid
            assert abs(WGS84.inv(lon0, lat0, lon, lat)[2] - km * 1000) <= 1.0, (fid, lon, lat)


def test_places_inside_are_exactly_those_within_the_range(rings):
    ranges, where = raw("ranges.json")["ranges"], centres()
    places = [
        (f["properties"]["name_en"], f["geometry"]["coordinates"])
        for name in PLACE_FILES
        for f in raw(f"{name}.geojson")["features"]
        if f["geometry"]["type"] == "Point"
    ]
    for fid, ring in rings.items():
        km, (lon0, lat0) = ranges[fid]["km"], where[fid]
        expected = {n for n, (lon, lat) in places if WGS84.inv(lon0, lat0, lon, lat)[2] <= km * 1e3}
        (fact,) = [f for f in ring.facts if f.label == "Named places inside"]
        listed = {line.rsplit(" (", 1)[0] for line in fact.lines} - {
            "none of the map's named places"
        }
        assert listed == expected, fid
    assert any("Nemuro" in str(r.facts) for r in rings.values())


def test_a_ring_says_whose_claim_it_is_and_the_higher_claim(rings):
    ranges = raw("ranges.json")["ranges"]
    for fid, ring in rings.items():
        facts = {f.label: " ".join(f.lines) for f in ring.facts}
        entry = ranges[fid]
        assert entry["claimed_by"] in facts["Claimed range (conservative)"]
        assert f"{entry['km']} km" in facts["Claimed range (conservative)"]
        assert entry["source"]["publisher"] in {s.publisher for s in ring.sources}
        if "higher" in entry:
            assert entry["higher"]["claimed_by"] in facts["Higher claim"]
            assert entry["higher"]["km"] > entry["km"]
        else:
            assert "Higher claim" not in facts


def test_rings_are_off_by_default_and_on_in_the_militarisation_scene(atlas):
    default = plan_view(atlas.layers, ViewOptions(), atlas.measures)
    assert RINGS not in {layer.spec.key for layer in default.layers}
    scene = atlas.scene("militarisation")
    shown = plan_view(atlas.layers, scene_options(scene), atlas.measures)
    (layer,) = [layer for layer in shown.layers if layer.spec.key == RINGS]
    assert all(d.style.dash_array for d in layer.features)


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory):
    """A copy of geodata/ where the Iturup S-300V4 is reported withdrawn in 2023."""
    folder = tmp_path_factory.mktemp("geodata")
    for path in GEODATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    data = raw("deployments.geojson")
    for feature in data["features"]:
        if feature["properties"]["id"] == "dep_s300v4_iturup_2020":
            feature["properties"]["ended"] = "2023-03"
    (folder / "deployments.geojson").write_text(json.dumps(data), encoding="utf-8")
    return load_atlas(folder)


def ring_ids(atlas, year: int | None) -> set[str]:
    options = ViewOptions(visible=frozenset({RINGS}), as_of_year=year)
    view = plan_view(atlas.layers, options, atlas.measures)
    return {d.feature.id for layer in view.layers for d in layer.features}


def test_a_withdrawn_systems_ring_is_absent_after_its_end_year(withdrawn):
    ring = "ring_dep_s300v4_iturup_2020"
    assert ring not in ring_ids(withdrawn, 2019)  # not yet deployed
    assert ring in ring_ids(withdrawn, 2021)
    assert ring in ring_ids(withdrawn, 2023)  # withdrawn during 2023
    assert ring not in ring_ids(withdrawn, 2024)
    assert ring not in ring_ids(withdrawn, None)  # now
    assert "ring_dep_bal_kunashir_2016" in ring_ids(withdrawn, None)
    # the browser gets the end year and hides it the same way (layers/web/static/steering.js)
    view = plan_view(withdrawn.layers, ViewOptions(visible=frozenset({RINGS}), as_of_year=2021))
    (layer,) = view.layers
    props = {f["properties"]["id"]: f["properties"] for f in layer_collection(layer)["features"]}
    assert props[ring]["years"][1] == 2023
    assert props["ring_dep_bal_kunashir_2016"]["years"][1] is None


def test_a_bad_range_is_a_problem_not_a_crash(tmp_path):
    for path in GEODATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    data = raw("ranges.json")
    data["ranges"]["no_such_deployment"] = data["ranges"]["dep_bal_kunashir_2016"]
    data["ranges"]["dep_tor_m2_iturup"]["km"] = "twelve"
    (tmp_path / "ranges.json").write_text(json.dumps(data), encoding="utf-8")
    atlas = load_atlas(tmp_path)
    (layer,) = [layer for layer in atlas.layers if layer.key == RINGS]
    assert {p.feature for p in layer.problems} == {"no_such_deployment", "dep_tor_m2_iturup"}
    assert len(layer.features) == len(data["ranges"]) - 2
