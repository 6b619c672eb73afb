"""Each parsing check against a small broken fixture: every check must be able to fail."""

import json
import re

import pytest

from harness.paths import DATA_DIR
from layers.core.problems import Reject
from layers.core.records import PartialDate, Placement, Source
from layers.core.specs import REGISTRY, Field, generic_spec
from layers.record.article import load_article
from layers.record.geometry import parse_geometry
from layers.record.loading import load_bytes
from layers.record.parse import MAX_FILE_BYTES, parse_source

DEPLOYMENTS = REGISTRY["deployments"]


def problems_of(name, spec=DEPLOYMENTS):
    layer = load_bytes(name, (DATA_DIR / name).read_bytes(), spec, load_article())
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
            "feature 0 (Test site): property 'reported' must be a date YYYY, YYYY-MM "
            "or YYYY-MM-DD, got '22/11/2016'",
        ),
    ],
)
def test_feature_problems_name_file_feature_and_problem(name, expected):
    """A property that does not fit is named, and the feature drawn without it; only a
    geometry that cannot be drawn (swapped coordinates) keeps the feature off the map."""
    problems, layer = problems_of(name)
    assert len(problems) == 1
    assert problems[0].startswith(f"{name}: {expected}")
    assert len(layer.features) == (0 if name == "swapped_lonlat.geojson" else 1)


def test_self_intersecting_polygon_is_invalid():
    problems, _ = problems_of("self_intersecting.geojson", generic_spec("self_intersecting"))
    assert problems == [
        "self_intersecting.geojson: feature 0 (Bow tie): invalid geometry: "
        "Self-intersection[145.5 43.5]"
    ]


def test_bad_feature_is_dropped_and_good_one_kept():
    problems, layer = problems_of("mixed.geojson")
    assert [f.id for f in layer.features] == ["d1"]
    assert len(problems) == 1
    assert "feature 1 (Test site): coordinates look swapped" in problems[0]


def test_oversized_file_is_refused_before_parsing():
    raw = b" " * (MAX_FILE_BYTES + 1)
    layer = load_bytes("huge.geojson", raw, DEPLOYMENTS, load_article())
    assert [p.message for p in layer.problems] == [
        "file is 10.5 MB, over the 10 MB limit: simplify or clip it "
        "(see layers/build/geodata.py) before adding it"
    ]


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        (
            {"type": "Point", "coordinates": [2.35, 48.85]},
            "coordinate (2.35, 48.85) lies outside the map region (120.0, 24.0, 166.0, 61.0)",
        ),
        (
            {"type": "LineString", "coordinates": [[145.0, 43.0], [146.0, 44.0]]},
            "LineString geometry, but this layer takes Point",
        ),
        (
            {"type": "Point", "coordinates": ["a", 1]},
            "coordinate ['a', 1] is not a pair of finite numbers",
        ),
        ({"type": "Point", "coordinates": []}, "geometry has no coordinates"),
        ({"type": "Point", "coordinates": "145,43"}, "geometry has no coordinates"),
        ({"type": "Circle", "coordinates": [145, 43]}, "geometry missing or not a GeoJSON"),
    ],
)
def test_geometry_that_cannot_be_drawn_is_rejected_with_the_reason(geometry, expected):
    with pytest.raises(Reject, match=re.escape(expected)):
        parse_geometry(geometry, DEPLOYMENTS)


def test_geometry_is_built_once_into_shapely():
    point = parse_geometry({"type": "Point", "coordinates": [145.5, 43.3]}, DEPLOYMENTS)
    assert (point.geom_type, point.x, point.y) == ("Point", 145.5, 43.3)


def test_approximate_feature_must_say_so():
    data = json.loads((DATA_DIR / "good_deployment.geojson").read_text(encoding="utf-8"))
    data["features"][0]["properties"]["approximate"] = True
    raw = json.dumps(data).encode()
    layer = load_bytes("approx.geojson", raw, DEPLOYMENTS, load_article())
    assert [p.message for p in layer.problems] == [
        "approximate feature: its location_source must say how approximate"
    ]


def test_duplicate_ids_are_reported():
    data = json.loads((DATA_DIR / "good_deployment.geojson").read_text(encoding="utf-8"))
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
    if expected is None:
        assert parse_source(source) == Source("P", "T", source["date"])
    else:
        with pytest.raises(Reject, match=expected):
            parse_source(source)


def test_partial_date_keeps_its_precision():
    assert PartialDate.parse("2022") == PartialDate(2022)
    assert PartialDate.parse("2022-03") == PartialDate(2022, 3)
    assert PartialDate.parse("2022-03-25") == PartialDate(2022, 3, 25)
    assert str(PartialDate.parse("2022-03")) == "2022-03"
    for bad in ("March 2022", 2022, "2022-13", "2022-02-30", "22-03-01", None, ["2022"]):
        assert PartialDate.parse(bad) is None, bad


def test_dates_of_mixed_precision_sort_by_what_they_say():
    spelled = ["2022-02-23", "2021", "2022-02", "2022", "2021-12-31"]
    dates = sorted(PartialDate.parse(value) for value in spelled)
    assert [str(d) for d in dates] == ["2021", "2021-12-31", "2022", "2022-02", "2022-02-23"]


def test_dates_are_parsed_once_into_the_feature():
    _, layer = problems_of("good_deployment.geojson")
    (feature,) = layer.features
    assert feature.date == PartialDate(2016, 11, 22)


def test_an_unknown_field_kind_fails_when_the_registry_is_built():
    with pytest.raises(ValueError, match="has kind 'text'; use one of"):
        Field("note", "text")  # type: ignore[arg-type]


def test_problem_names_the_field():
    _, layer = problems_of("bad_date.geojson")
    (problem,) = layer.problems
    assert (problem.file, problem.feature, problem.field) == (
        "bad_date.geojson",
        "feature 0 (Test site)",
        "reported",
    )


def deployment(**extra) -> dict:
    """The good fixture's one feature, with ``extra`` properties (None removes one)."""
    raw = json.loads((DATA_DIR / "good_deployment.geojson").read_text(encoding="utf-8"))
    props = raw["features"][0]["properties"]
    props.update(extra)
    raw["features"][0]["properties"] = {k: v for k, v in props.items() if v is not None}
    return raw


def load_raw(raw: dict, spec=DEPLOYMENTS):
    layer = load_bytes("t.geojson", json.dumps(raw).encode(), spec, load_article())
    return [str(p) for p in layer.problems], layer


def test_three_dates_are_parsed_and_the_timeline_starts_at_began():
    _, layer = load_raw(deployment(began="1978", ended="2023-09", reported="2016-11-22"))
    (feature,) = layer.features
    assert (feature.began, feature.ended, feature.reported) == (
        PartialDate(1978),
        PartialDate(2023, 9),
        PartialDate(2016, 11, 22),
    )
    assert feature.date == PartialDate(1978)
    assert feature.years() == (1978, 2023)
    assert feature.reported_by == "Russian MoD"


def test_without_began_the_timeline_starts_at_the_report():
    (feature,) = load_raw(deployment())[1].features
    assert (feature.began, feature.ended) == (None, None)
    assert feature.years() == (2016, None)


def test_a_deployment_needs_its_report_date():
    problems, layer = load_raw(deployment(reported=None))
    assert problems == ["t.geojson: feature 0 (Test site): missing property 'reported'"]
    (feature,) = layer.features  # drawn, undated
    assert feature.reported is None


def test_a_patrol_needs_began_and_a_sakhalin_facility_too():
    for key in ("joint_patrols", "sakhalin_energy"):
        assert next(f for f in REGISTRY[key].fields if f.name == "began").required, key
    assert not next(f for f in DEPLOYMENTS.fields if f.name == "began").required


def test_a_value_names_its_source_by_number():
    two = [
        {"publisher": "A", "title": "One", "date": "2016"},
        {"publisher": "B", "title": "Two", "date": "2023"},
    ]
    problems, layer = load_raw(deployment(sources=two, reported_source=2, began="1978"))
    assert problems == []
    assert layer.features[0].cite("reported") == 2
    assert layer.features[0].cite("began") is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"reported_source": 2}, "'reported_source' must be the number of one of its 1 source(s)"),
        ({"reported_source": 0}, "'reported_source' must be the number of one of its 1 source(s)"),
        ({"reported_source": "1"}, "'reported_source' must be the number of one of its 1"),
        ({"reported_source": True}, "'reported_source' must be the number of one of its 1"),
        ({"ended_source": 1}, "'ended_source' names a source for 'ended', which the feature lacks"),
    ],
)
def test_a_source_number_that_names_no_source_is_a_problem(extra, message):
    problems, layer = load_raw(deployment(**extra))
    assert len(problems) == 1, problems
    assert message in problems[0]
    (feature,) = layer.features  # drawn, without the citation that names nothing
    assert feature.cites == ()


def test_location_source_is_a_description_not_a_source_number():
    problems, _ = load_raw(deployment(location_source="approximate, from a map"))
    assert problems == []


def test_a_source_may_be_a_mirror_with_an_archived_copy_and_how_it_was_checked():
    source = {
        "publisher": "TASS",
        "title": "T",
        "date": "2016-11-22",
        "url": "https://mirror.example/t",
        "via": "5hotnews",
        "archive_url": "https://web.archive.org/web/2016/https://tass.ru/t",
        "checked": "title and date read on the archived page, 2026-11-30",
    }
    parsed = parse_source(source)
    assert (parsed.via, parsed.archive_url, parsed.checked) == (
        "5hotnews",
        "https://web.archive.org/web/2016/https://tass.ru/t",
        "title and date read on the archived page, 2026-11-30",
    )
    with pytest.raises(Reject, match="archive url that is not http"):
        parse_source({**source, "archive_url": "javascript:alert(1)"})
    with pytest.raises(Reject, match="'via' must be text"):
        parse_source({**source, "via": 3})


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"setting": "at sea"},
            "property 'setting' must be one of onshore, offshore, islet, got 'at sea'",
        ),
        ({"offshore_km": -2}, "property 'offshore_km' must be a number of km ≥ 0"),
        ({"water_crossings": [{"name": "Strait"}]}, "each water crossing must be {"),
        ({"treaty_extent": [150, 40, 140, 50]}, "must have west < east and south < north"),
        ({"treaty_extent": [150, 40]}, "must be [west, south, east, north] in degrees"),
    ],
)
def test_a_placement_that_does_not_fit_is_a_problem(extra, message):
    problems, layer = load_raw(deployment(**extra))
    assert len(problems) == 1, problems
    assert message in problems[0]
    (feature,) = layer.features  # drawn, with no placement claimed
    assert feature.placement == Placement()


def test_a_placement_is_parsed_into_the_feature():
    crossings = [{"name": "Nevelskoy Strait", "km": 7.5}, {"name": "Bay", "km": 2}]
    extra = {"setting": "offshore", "offshore_km": 11, "water_crossings": crossings}
    (feature,) = load_raw(deployment(**extra, treaty_extent=[141, 45, 144, 51]))[1].features
    assert feature.placement.setting == "offshore"
    assert feature.placement.offshore_km == 11.0
    assert feature.placement.water_km == 9.5
    assert feature.placement.treaty_extent == (141.0, 45.0, 144.0, 51.0)
