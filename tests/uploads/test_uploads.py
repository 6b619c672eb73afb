from harness.paths import DATA_DIR
from layers.record.article import load_article
from layers.uploads.layer import load_upload, upload_key
from layers.uploads.untrusted import MAX_UPLOAD_BYTES

KML = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>
<name>Our field trip &lt;b&gt;</name><Point><coordinates>145.5833,43.3301,0</coordinates></Point>
</Placemark></Document></kml>"""


def test_geojson_upload_becomes_its_own_layer():
    raw = (DATA_DIR / "good_deployment.geojson").read_bytes()
    layer = load_upload("Class 3B sites.geojson", raw, load_article())
    assert layer.problems == ()
    assert layer.spec.key == "upload_class_3b_sites"
    assert layer.spec.title == "Your layer: Class 3B sites.geojson"
    assert len(layer.features) == 1


def test_kml_upload_is_read_as_kml_and_parsed_like_geodata():
    layer = load_upload("trip.kml", KML, load_article())
    assert layer.problems == ()
    (feature,) = layer.features
    assert feature.names.display() == "Our field trip <b>"
    assert (feature.geometry.x, feature.geometry.y) == (145.5833, 43.3301)


def test_broken_uploads_are_refused_with_the_reason():
    article = load_article()
    too_big = b" " * (MAX_UPLOAD_BYTES + 1)
    cases = {
        "big.geojson": (too_big, "limited to 5 MB"),
        "notes.txt": (b"hello", "upload a .geojson, .json, .kml or .kmz file"),
        "bad.kml": (b"<kml>", "not KML: the XML is broken"),
        "broken.geojson": ((DATA_DIR / "bad_json.geojson").read_bytes(), "not valid JSON"),
        "swapped.geojson": (
            (DATA_DIR / "swapped_lonlat.geojson").read_bytes(),
            "longitude (-180..180) first",
        ),
    }
    for name, (raw, expected) in cases.items():
        layer = load_upload(name, raw, article)
        assert layer.features == (), name
        assert expected in str(layer.problems[0]), (name, layer.problems)
        assert str(layer.problems[0]).startswith(f"{name}: "), name


def test_upload_key_is_safe():
    assert upload_key("<script>alert(1)</script>.geojson") == "upload_script_alert_1_script"
    assert upload_key("....geojson") == "upload_layer"
