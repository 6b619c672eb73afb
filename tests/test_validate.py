"""Each validator check against a small broken fixture: every check must be able to fail."""

import json
from pathlib import Path

import pytest

from layers.article import load_article
from layers.loading import load_bytes
from layers.specs import REGISTRY, generic_spec
from layers.validate import MAX_FILE_BYTES, check_geometry, parse_date, source_problem

DATA = Path(__file__).parent / "data"
DEPLOYMENTS = REGISTRY["deployments"]


def problems_of(name, spec=DEPLOYMENTS):
    layer = load_bytes(name, (DATA / name).read_bytes(), spec, load_article())
    return [str(p) for p in layer.problems], layer


def test_good_fixture_has_no_problems():
    problems, layer = problems_of("good_deployment.geojson")
    assert problems == []
    assert len(layer.features) == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_json.geojson", "bad_json.geojson: (file): not valid JSON: Expecting property name"),
        ("empty.geojson", "empty.geojson: (file): file is empty"),
        ("not_geojson.geojson", "not_geojson.geojson: (file): not GeoJSON: expected a Feature"),
        ("latin1.geojson", "latin1.geojson: (file): not UTF-8 text (bad byte at offset"),
    ],
)
def test_unreadable_files_are_named_with_the_problem(name, expected):
    problems, layer = problems_of(name)
    assert len(problems) == 1
    assert problems[0].startswith(expected)
    assert layer.unreadable


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "swapped_lonlat.geojson",
            "feature 0 (Test site): coordinates look swapped (45.2, 147.9): "
            "GeoJSON wants [longitude, latitude]",
        ),
        ("missing_property.geojson", "feature 0 (Test site): missing property 'confidence'"),
        (
            "misquote.geojson",
            "feature 0 (Test site): quote not found verbatim in the article: "
            "'The islands are no longer a dispute to be shelved.'",
        ),
        (
            "wrong_paragraph.geojson",
            "feature 0 (Test site): quote is in paragraph 8, not paragraph 9",
        ),
        (
            "bad_date.geojson",
            "feature 0 (Test site): property 'first_reported' must be a date YYYY, YYYY-MM "
            "or YYYY-MM-DD, got '22/11/2016'",
        ),
    ],
)
def test_feature_problems_name_file_feature_and_problem(name, expected):
    problems, layer = problems_of(name)
    assert len(problems) == 1
    assert problems[0].startswith(f"{name}: {expected}")
    assert layer.features == ()


def test_self_intersecting_polygon_is_invalid():
    problems, _ = problems_of("self_intersecting.geojson", generic_spec("self_intersecting"))
    assert problems == [
        "self_intersecting.geojson: feature 0 (Bow tie): invalid geometry: "
        "Self-intersection[145.5 43.5]"
    ]


def test_bad_feature_is_dropped_and_good_one_kept():
    problems, layer = problems_of("mixed.geojson")
    assert [f["properties"]["id"] for f in layer.features] == ["d1"]
    assert len(problems) == 1
    assert "feature 1 (Test site): coordinates look swapped" in problems[0]


def test_oversized_file_is_refused_before_parsing():
    raw = b" " * (MAX_FILE_BYTES + 1)
    layer = load_bytes("huge.geojson", raw, DEPLOYMENTS, load_article())
    assert [p.message for p in layer.problems] == [
        "file is 10.5 MB, over the 10 MB limit: simplify or clip it "
        "(see layers/build_geodata.py) before adding it"
    ]


def test_geometry_outside_region_and_wrong_type():
    far = {"type": "Point", "coordinates": [2.35, 48.85]}
    assert check_geometry(far, DEPLOYMENTS) == [
        "coordinate (2.35, 48.85) lies outside the map region (120.0, 24.0, 166.0, 61.0)"
    ]
    line = {"type": "LineString", "coordinates": [[145.0, 43.0], [146.0, 44.0]]}
    assert check_geometry(line, DEPLOYMENTS) == ["LineString geometry, but this layer takes Point"]
    assert check_geometry({"type": "Point", "coordinates": ["a", 1]}, DEPLOYMENTS) == [
        "coordinate ['a', 1] is not a pair of finite numbers"
    ]


def test_approximate_feature_must_say_so():
    data = json.loads((DATA / "good_deployment.geojson").read_text(encoding="utf-8"))
    data["features"][0]["properties"]["approximate"] = True
    raw = json.dumps(data).encode()
    layer = load_bytes("approx.geojson", raw, DEPLOYMENTS, load_article())
    assert [p.message for p in layer.problems] == [
        "approximate feature: its location_source must say how approximate"
    ]


def test_duplicate_ids_are_reported():
    data = json.loads((DATA / "good_deployment.geojson").read_text(encoding="utf-8"))
    data["features"].append(data["features"][0])
    layer = load_bytes("dup.geojson", json.dumps(data).encode(), DEPLOYMENTS, load_article())
    assert [p.message for p in layer.problems] == ["duplicate id 'd1'"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"publisher": "P", "title": "T", "date": "2024"}, None),
        ({"publisher": "P", "title": "T", "date": "undated"}, None),
        ({"title": "T", "date": "2024"}, "source is missing its publisher"),
        ({"publisher": "P", "title": "T", "date": "last year"}, "needs a date"),
        (
            {"publisher": "P", "title": "T", "date": "2024", "url": "javascript:alert(1)"},
            "not http",
        ),
    ],
)
def test_source_checks(source, expected):
    problem = source_problem(source)
    assert problem == expected if expected is None else expected in problem


def test_parse_date_accepts_three_precisions_only():
    assert parse_date("2022").year == 2022
    assert parse_date("2022-03").month == 3
    assert parse_date("2022-03-25").day == 25
    assert parse_date("March 2022") is None
    assert parse_date(2022) is None
