"""The data downloads read back with pyogrio: same layers, feature counts and fields."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pykml
import pyogrio
import pytest
from defusedxml import ElementTree
from lxml import etree

from harness.rfc7946 import ring_counts, validator_findings
from layers.analyst.gis_export import README_LAYER, download_bytes
from layers.core.paths import GEODATA_DIR
from layers.uploads.layer import load_upload

RINGS = "claimed_ranges"
KML_SCHEMA = Path(pykml.__file__).parent / "schemas" / "ogckml22.xsd"  # OGC KML 2.2, imports local
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)


def expected_layers() -> dict[str, tuple[int, set[str]]]:
    """Each layer file's feature count and property names, read from the files; the rings
    (derived) one per claimed range of a deployment in ranges.json."""
    found = {}
    for path in GEODATA_DIR.glob("*.geojson"):
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        fields = {key for f in features for key in f["properties"]}
        found[path.stem] = (len(features), fields)
    ranges = json.loads((GEODATA_DIR / "ranges.json").read_text(encoding="utf-8"))["ranges"]
    deployments = {
        f["properties"]["id"]
        for f in json.loads((GEODATA_DIR / "deployments.geojson").read_text())["features"]
    }
    found[RINGS] = (len(set(ranges) & deployments), {"id", "name_en", "sources", "system"})
    return found


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    """The atlas with an upload added: a download must leave it out."""
    atlas = shipped_atlas
    upload = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [145.0, 44.0]},
                "properties": {"name_en": "Mine"},
            }
        ],
    }
    layer = load_upload("mine.geojson", json.dumps(upload).encode(), atlas.article)
    return atlas.with_layer(layer)


@pytest.fixture(scope="module")
def written(atlas, tmp_path_factory):
    folder = tmp_path_factory.mktemp("downloads")
    paths = {}
    for kind, name in (("gpkg", "a.gpkg"), ("kml", "a.kml"), ("geojson", "a.geojson.zip")):
        paths[kind] = folder / name
        paths[kind].write_bytes(download_bytes(kind, atlas.layers, GEODATA_DIR))
    return paths


def check(read: dict[str, tuple[int, set[str]]]) -> None:
    expected = expected_layers()
    assert set(read) == set(expected)  # no upload, nothing missing
    for key, (count, fields) in expected.items():
        assert read[key][0] == count, key
        assert fields <= read[key][1], (key, fields - read[key][1])


def read_layers(path: str, names) -> dict[str, tuple[int, set[str]]]:
    found = {}
    for name in names:
        info = pyogrio.read_info(path, layer=name)
        found[name] = (info["features"], set(info["fields"]))
    return found


@pytest.mark.parametrize("kind", ["gpkg", "kml"])
def test_gpkg_and_kml_read_back_with_every_layer_feature_and_field(written, kind):
    path = str(written[kind])
    names = [name for name, _ in pyogrio.list_layers(path) if name != README_LAYER]
    check(read_layers(path, names))
    readme = pyogrio.read_dataframe(path, layer=README_LAYER, read_geometry=False)
    text = str(readme.iloc[0].to_dict())
    for words in ("Data as of 20", "LGPL-3.0", "approximate", "name_ja", "sources"):
        assert words in text, words


def test_zipped_geojson_reads_back_and_has_its_readme(written):
    path = written["geojson"]
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        names = archive.namelist()
        readme = archive.read("README.txt").decode()
    assert "Data as of 20" in readme
    layers = [name.removesuffix(".geojson") for name in names if name.endswith(".geojson")]
    check(read_layers_zip(path, layers))


def read_layers_zip(path: Path, layers) -> dict[str, tuple[int, set[str]]]:
    found = {}
    for name in layers:
        info = pyogrio.read_info(f"/vsizip/{path}/{name}.geojson")
        found[name] = (info["features"], set(info["fields"]))
    return found


def test_the_files_are_wgs84(written):
    for kind in ("gpkg", "kml"):
        info = pyogrio.read_info(str(written[kind]), layer="deployments")
        assert info["crs"] == "EPSG:4326", kind


def test_the_zipped_geojson_is_rfc7946(written):
    """Rings wound exterior counter-clockwise, holes clockwise; no crs member (issue 25)."""
    rings = 0
    with zipfile.ZipFile(io.BytesIO(written["geojson"].read_bytes())) as archive:
        for name in archive.namelist():
            if name.endswith(".geojson"):
                document = json.loads(archive.read(name))
                assert "crs" not in document, name
                wrong, total = ring_counts(document)
                assert wrong == 0, name
                assert validator_findings(document) == {}, name
                rings += total
    shipped = sum(
        ring_counts(json.loads((GEODATA_DIR / f"{key}.geojson").read_text()))[1]
        for key in ("basemap_land", "disputed_islands", "hokkaido")
    )
    assert rings == shipped  # the shipped polygons (claimed ranges are lines)


def test_every_kml_id_is_unique(written):
    """XML ids must be unique in a document: no folder shares one with a placemark (the
    layer hokkaido and its feature hokkaido did)."""
    root = ElementTree.fromstring(written["kml"].read_bytes())
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    placemarks = [e for e in root.iter() if e.tag.endswith("Placemark")]
    assert len(placemarks) > 60
    assert all(p.get("id") for p in placemarks)
    assert "hokkaido.hokkaido" in ids
    assert "disputed_islands.kunashiri" in ids


@pytest.fixture(scope="module")
def kml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(KML_SCHEMA), SAFE_XML))


def schema_errors(schema: etree.XMLSchema, kml: bytes) -> list[str]:
    schema.validate(etree.fromstring(kml, SAFE_XML))
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def test_the_kml_is_valid_by_the_ogc_kml_22_schema(written, kml_schema):
    assert schema_errors(kml_schema, written["kml"].read_bytes()) == []


def test_the_kml_schema_check_finds_a_shared_id_and_a_misplaced_element(kml_schema):
    """The check can fail: a folder and a placemark sharing an id (the download's bug before
    issue 25), and a placemark's name after its geometry (KML 2.2 fixes the order)."""
    kml = '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{}</Document></kml>'
    point = "<Point><coordinates>145.0,44.0</coordinates></Point>"
    good = f'<Folder id="a"><Placemark id="b"><name>x</name>{point}</Placemark></Folder>'
    assert schema_errors(kml_schema, kml.format(good).encode()) == []
    shared = good.replace('id="b"', 'id="a"')
    (error,) = schema_errors(kml_schema, kml.format(shared).encode())
    assert "Placemark" in error, error
    assert "'a' is not a valid value of the atomic type 'xs:ID'" in error, error  # libxml2
    misplaced = f'<Placemark id="b">{point}<name>x</name></Placemark>'
    (error,) = schema_errors(kml_schema, kml.format(misplaced).encode())
    assert "Element '{http://www.opengis.net/kml/2.2}name': This element is not expected" in error
