"""The checks against the map's own data: each rule fails on a fixture built to break it
(positions placed by construction with pyproj.Geod, see the fixtures' coordinates), and the
shipped data passes them all."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod

from harness.paths import DATA_DIR
from layers.core.specs import REGISTRY
from layers.record.article import load_article, parse_article
from layers.record.checks import check_article, check_layers, land_of
from layers.record.loading import load_bytes


def fixture_layer(name: str, key: str):
    layer = load_bytes(name, (DATA_DIR / name).read_bytes(), REGISTRY[key], load_article())
    assert layer.problems == (), layer.problems
    return layer


@pytest.fixture(scope="module")
def land():
    return land_of([fixture_layer("checks_land.geojson", "basemap_land")])


@pytest.fixture(scope="module")
def found(land) -> dict[str, list[str]]:
    """Each fixture feature's problems, by id."""
    layers = [
        fixture_layer("checks_sakhalin.geojson", "sakhalin_energy"),
        fixture_layer("checks_deployments.geojson", "deployments"),
        fixture_layer("checks_history.geojson", "history"),
    ]
    problems = {f.id: [] for layer in layers for f in layer.features}
    for problem in check_layers(layers, land):
        problems[problem.feature.split(" ")[0]].append(problem.message)
    return problems


def test_the_fixture_points_are_where_they_were_put():
    """Independent of the checks: 10 km east of the fixture land's edge, on the ellipsoid."""
    raw = json.loads((DATA_DIR / "checks_sakhalin.geojson").read_text(encoding="utf-8"))
    lon, lat = raw["features"][0]["geometry"]["coordinates"]
    _, _, metres = Geod(ellps="WGS84").inv(143.0, 46.5, lon, lat)
    assert metres == pytest.approx(10_000, abs=1)


def test_an_offshore_point_drawn_as_far_out_as_its_source_says_passes(found):
    assert found["offshore_as_stated"] == []


def test_an_offshore_point_drawn_further_out_than_its_source_says_fails(found):
    (message,) = found["offshore_too_far"]
    assert message.startswith("offshore point is drawn 10.0 km from the map's coast")
    assert message.endswith("its source says 4 km (allowed ±3.0 km)")


def test_an_offshore_point_must_say_how_far_out_it_is_and_who_says_so(found):
    (message,) = found["offshore_unstated"]
    assert message.startswith("offshore point needs 'offshore_km' (")
    (message,) = found["offshore_unsourced"]
    assert message.startswith("offshore point needs 'offshore_km_source'")


def test_an_onshore_point_at_sea_fails_and_one_on_the_shore_passes(found):
    assert found["onshore_at_sea"] == ["onshore point lies 10.0 km out at sea on the map's coast"]
    assert found["onshore_on_the_shore"] == []  # 200 m out: within the coast's resolution


def test_a_deployment_is_onshore_by_its_layer(found):
    assert found["at_sea"] == ["onshore point lies 10.0 km out at sea on the map's coast"]


def test_an_islet_too_small_for_the_base_map_may_lie_off_its_land_but_near_it(found):
    assert found["islet_near"] == []  # 1.5 km off the fixture land, by construction
    (message,) = found["islet_far"]
    assert message.startswith("a point on an islet too small for the base map lies 10.0 km")


def test_a_sakhalin_feature_must_say_whether_it_is_onshore(found):
    assert found["no_setting"] == ["needs 'setting': 'onshore' or 'offshore'"]


def test_an_onshore_line_at_sea_fails_unless_the_crossing_is_named(found):
    # 38.3 km inland (half a degree of longitude at 46.5° N) and 20 km out to sea
    (message,) = found["line_out_to_sea"]
    assert message.startswith("onshore line has 19.7 of its 58.")
    assert found["line_across_a_strait"] == []


def test_a_history_line_stays_inside_its_treaty_extent(found):
    assert found["inside"] == []
    (message,) = found["strays_west"]
    assert "a part at lon 140.00–141.50" in message
    assert found["no_extent"] == [
        "history line needs 'treaty_extent' [west, south, east, north] from its treaty"
    ]
    assert found["extent_unsourced"] == [
        "history line needs 'treaty_extent_source' (the number of the treaty's source)"
    ]


def test_an_unmarked_subheading_in_the_article_is_found():
    article = parse_article((DATA_DIR / "unmarked_heading_article.md").read_text(encoding="utf-8"))
    (problem,) = check_article(article, "t.md")
    assert problem.feature == "paragraph 2"
    assert "'Two-way sanctions' does not end like a sentence" in problem.message


def test_the_shipped_article_numbers_its_paragraphs_by_the_rule():
    assert check_article(load_article()) == []


def test_the_shipped_data_passes_every_check(shipped_atlas):
    problems = check_layers(shipped_atlas.layers)
    assert [str(p) for p in problems] == []


def test_validate_runs_the_checks_on_the_files_it_is_given(tmp_path, capsys):
    from layers.__main__ import main

    path = tmp_path / "deployments.geojson"
    path.write_bytes((DATA_DIR / "checks_deployments.geojson").read_bytes())
    assert main(["validate", str(path)]) == 1
    assert "deployments.geojson: at_sea (at_sea): onshore point lies" in capsys.readouterr().out


def test_a_polygon_ring_wound_the_wrong_way_is_a_problem(tmp_path, capsys):
    """RFC 7946: exteriors counter-clockwise. The fixture land's ring reversed (clockwise)."""
    from layers.__main__ import main

    raw = json.loads((DATA_DIR / "checks_land.geojson").read_text(encoding="utf-8"))
    ring = raw["features"][0]["geometry"]["coordinates"][0]
    raw["features"][0]["geometry"]["coordinates"][0] = ring[::-1]
    path = tmp_path / "basemap_land.geojson"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "1 of 1 polygon ring(s) wound the wrong way" in out
    path.write_text(json.dumps(json.loads((DATA_DIR / "checks_land.geojson").read_text())))
    assert main(["validate", str(path)]) == 0
