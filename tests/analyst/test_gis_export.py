"""The data downloads read back with pyogrio: same layers, feature counts and fields."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pyogrio
import pytest

from layers.analyst.gis_export import README_LAYER, download_bytes
from layers.core.paths import GEODATA_DIR
from layers.uploads.layer import load_upload

RINGS = "claimed_ranges"


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
