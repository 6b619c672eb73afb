import shutil

from harness.paths import DATA_DIR
from layers.core.paths import GEODATA_DIR
from layers.record.loading import layer_paths, load_all


def copy_layers(tmp_path, *names):
    for name in names:
        shutil.copy(GEODATA_DIR / name, tmp_path / name)


def test_registered_layers_come_first_then_unknown_by_name(tmp_path):
    copy_layers(tmp_path, "deployments.geojson", "hokkaido.geojson")
    shutil.copy(DATA_DIR / "good_deployment.geojson", tmp_path / "zz_extra.geojson")
    shutil.copy(DATA_DIR / "good_deployment.geojson", tmp_path / "aa_extra.geojson")
    assert [p.name for p in layer_paths(tmp_path)] == [
        "hokkaido.geojson",
        "deployments.geojson",
        "aa_extra.geojson",
        "zz_extra.geojson",
    ]


def test_broken_file_is_reported_and_the_rest_still_load(tmp_path):
    copy_layers(tmp_path, "hokkaido.geojson", "deployments.geojson")
    shutil.copy(DATA_DIR / "bad_json.geojson", tmp_path / "broken.geojson")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    layers = {layer.source: layer for layer in load_all(tmp_path)}
    assert layers["broken.geojson"].unreadable
    assert str(layers["broken.geojson"].problems[0]).startswith(
        "broken.geojson: (file): not valid JSON"
    )
    assert len(layers["hokkaido.geojson"].features) == 1
    assert len(layers["deployments.geojson"].features) > 5
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing written


def test_unknown_layer_gets_the_generic_spec(tmp_path):
    shutil.copy(DATA_DIR / "good_deployment.geojson", tmp_path / "class_project.geojson")
    (layer,) = load_all(tmp_path)
    assert layer.spec.title == "Class project"
    assert layer.spec.fields == ()
    assert len(layer.features) == 1
