"""Integrity of the shipped geodata/: what the map claims must hold in the files themselves."""

import json

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import shape
from shapely.ops import unary_union

from harness.paths import DATA_DIR
from layers.__main__ import main as cli
from layers.core.paths import GEODATA_DIR
from layers.core.specs import REGISTRY
from layers.record.article import load_article
from layers.record.loading import load_all

GEOD = Geod(ellps="WGS84")
# Japan's published areas (km²): MOFA "Information about the Northern Territories" (GSI 2020).
JAPAN_AREAS = {
    "etorofu": (3167, 0.08),
    "kunashiri": (1489, 0.08),
    "shikotan": (248, 0.08),
    "habomai": (95, 0.15),
}


def quote_dicts(value):
    """Every object with a "quote" key inside a raw property value (the test's own walk)."""
    if isinstance(value, dict):
        found = [value] if "quote" in value else []
        return found + [q for v in value.values() for q in quote_dicts(v)]
    if isinstance(value, list):
        return [q for v in value for q in quote_dicts(v)]
    return []


def features(name):
    return json.loads((GEODATA_DIR / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def test_validator_passes_on_geodata(capsys):
    assert cli(["validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 11 file(s), ")
    assert ", 7 scene(s), 5 event(s), no problems" in out


def test_validator_fails_on_a_broken_file(capsys):
    broken = DATA_DIR / "swapped_lonlat.geojson"
    assert cli(["validate", str(broken)]) == 1
    assert "coordinates look swapped" in capsys.readouterr().out


def test_every_registered_layer_has_a_file_and_every_file_reads_with_gdal():
    for key in REGISTRY:
        frame = gpd.read_file(GEODATA_DIR / f"{key}.geojson", engine="pyogrio")
        assert len(frame) > 0, key
        assert frame.crs.to_epsg() == 4326, key


@pytest.mark.parametrize("island", sorted(JAPAN_AREAS))
def test_island_area_matches_japans_figure(island):
    (feature,) = [f for f in features("disputed_islands") if f["properties"]["id"] == island]
    area = abs(GEOD.geometry_area_perimeter(shape(feature["geometry"]))[0]) / 1e6
    published, tolerance = JAPAN_AREAS[island]
    assert abs(area - published) / published <= tolerance, f"{island}: {area:.1f} km²"
    assert feature["properties"]["area_km2"] == pytest.approx(area, abs=0.1)


def test_all_five_habomai_islands_are_present_and_named():
    (habomai,) = [f for f in features("disputed_islands") if f["properties"]["id"] == "habomai"]
    members = habomai["properties"]["member_islands"]
    names = [m["name_en"].split(" / ")[0] for m in members]
    assert names == ["Suisho", "Yuri", "Akiyuri", "Shibotsu", "Taraku"]
    # MOFA's main-island areas: Suisho 12, Akiyuri 2, Yuri 10, Shibotsu 58, Taraku 11 km².
    published = {"Suisho": 12, "Yuri": 10, "Akiyuri": 2, "Shibotsu": 58, "Taraku": 11}
    for member, name in zip(members, names, strict=True):
        assert member["area_km2"] == pytest.approx(
            published[name], abs=max(2, published[name] * 0.3)
        )
    assert shape(habomai["geometry"]).geom_type == "MultiPolygon"


def test_islands_carry_both_sides_names_and_neutral_status():
    for feature in features("disputed_islands"):
        props = feature["properties"]
        assert props["name_ja"]
        assert props["name_ru"]
        assert props["name_ja_romaji"]
        assert props["administered_by"].startswith("Russia")
        assert props["claimed_by"].startswith("Japan")


def test_settlements_lie_on_their_islands():
    islands = {
        f["properties"]["name_en"]: shape(f["geometry"]) for f in features("disputed_islands")
    }
    for feature in features("island_settlements"):
        island = islands[feature["properties"]["island"]]
        # within 1.5 km of the simplified shoreline (towns sit on the coast)
        assert island.buffer(0.02).contains(shape(feature["geometry"])), feature["properties"]["id"]


def test_hokkaido_points_lie_on_hokkaido():
    hokkaido = shape(features("hokkaido")[0]["geometry"]).buffer(0.02)
    for feature in features("hokkaido_points"):
        assert hokkaido.contains(shape(feature["geometry"])), feature["properties"]["id"]


def test_naval_and_air_patrol_routes_do_not_cross_land():
    land = unary_union([shape(f["geometry"]) for f in features("basemap_land")])
    for feature in features("joint_patrols"):
        crossing = shape(feature["geometry"]).intersection(land)
        assert crossing.is_empty, feature["properties"]["id"]


def test_offshore_platforms_are_at_sea_and_terminals_near_the_coast():
    land = unary_union([shape(f["geometry"]) for f in features("basemap_land")])
    for feature in features("sakhalin_energy"):
        props = feature["properties"]
        if "platform" in props["facility"].lower():
            assert not land.contains(shape(feature["geometry"])), props["id"]


def test_at_least_twelve_distinct_verbatim_quotes_covering_the_story():
    article = load_article()
    quotes = {}
    for path in sorted(GEODATA_DIR.glob("*.geojson")):
        for feature in features(path.stem):
            for quote in quote_dicts(feature["properties"]):
                assert article.quote_problem(quote["quote"], quote["paragraph"]) is None
                quotes.setdefault(path.stem, set()).add(quote["quote"])
    distinct = set().union(*quotes.values())
    assert len(distinct) >= 12
    for key in ("disputed_islands", "sakhalin_energy", "deployments", "joint_patrols", "hokkaido"):
        assert quotes.get(key), f"no quote on {key}"
    text = " ".join(distinct)
    for theme in ("sanction", "Sakhalin", "militarisation", "China", "Northern Territories"):
        assert theme in text, theme


def test_every_fact_bearing_feature_cites_a_source():
    for layer in load_all():
        if layer.spec.key == "basemap_land":
            continue
        for feature in layer.features:
            assert feature.sources, (layer.key, feature.id)


def test_deployments_say_who_reported_and_how_sure():
    grades = {"announced by Russian MoD", "reported by Japan MoD", "press report"}
    for feature in features("deployments"):
        confidence = feature["properties"]["confidence"]
        assert any(confidence.startswith(g) for g in grades), confidence
