import shutil

from harness.paths import DATA_DIR
from layers.core.paths import GEODATA_DIR
from layers.record.loading import layer_paths, load_all, load_file


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


def test_a_dropped_in_layer_whose_sources_have_no_date_draws_every_feature():
    """A teacher's file citing {"publisher", "title"} without a date (a common shape): each
    feature draws with its source, shown undated; each missing date is named once."""
    layer = load_file(DATA_DIR / "class_trip_undated_sources.geojson")
    assert [f.names.display("en") for f in layer.features] == [
        "Nemuro harbour",
        "Shiretoko Pass",
        "Kushiro",
        "Abashiri",
        "Rausu port",
        "Shibetsu",
    ]
    for feature in layer.features:
        (source,) = feature.sources
        assert source.publisher == "Hokkaido Government"
        assert source.date == "undated"
    assert len(layer.problems) == 6
    assert all("needs a date" in p.message and not p.skipped for p in layer.problems)
    assert layer.summary() == (
        "warning",
        "class_trip_undated_sources.geojson: 6 feature(s) drawn without what does not fit",
    )
