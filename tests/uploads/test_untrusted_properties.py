"""Property tests: whatever bytes and name an upload has, ``read_upload`` keeps its contract.

It never raises; it returns a FeatureCollection of plain JSON values within every limit, or
None and at least one problem; and it opens no file and no socket (``conftest.py``).
"""

from __future__ import annotations

import io
import json
import math
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from layers.core.problems import Problem
from layers.uploads.untrusted import (
    MAX_FEATURES,
    MAX_LAYER_BYTES,
    MAX_TEXT_PER_FEATURE,
    MAX_VERTICES,
    SUFFIXES,
    read_upload,
)

FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NESTING = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


# --- the contract --------------------------------------------------------------------------


def check_contract(filename: str, result: object) -> None:
    assert isinstance(result, tuple)
    collection, problems = result
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) and p.message and p.file == filename for p in problems)
    if collection is None:
        assert problems, "refused without a reason"
        return
    assert set(collection) == {"type", "features"}
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert 1 <= len(features) <= MAX_FEATURES
    check_plain(collection, 0)
    vertices = 0
    for feature in features:
        assert set(feature) == {"type", "geometry", "properties"}
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        assert len(json.dumps(feature["properties"], ensure_ascii=False)) <= MAX_TEXT_PER_FEATURE
        vertices += count_positions(feature["geometry"])
    assert vertices <= MAX_VERTICES
    page = json.dumps(collection, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    assert len(page.encode()) <= MAX_LAYER_BYTES


def check_plain(value: object, depth: int) -> None:
    """Only dict (str keys), list, str, int, finite float, bool and None, not too deep."""
    assert depth < 40
    if isinstance(value, dict):
        assert all(isinstance(key, str) for key in value)
        for item in value.values():
            check_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_plain(item, depth + 1)
    elif isinstance(value, float):
        assert math.isfinite(value)
    else:
        assert value is None or type(value) in (str, int, bool)


def count_positions(geometry: object) -> int:
    assert isinstance(geometry, dict)
    if geometry["type"] == "GeometryCollection":
        assert set(geometry) == {"type", "geometries"}
        assert geometry["geometries"]
        return sum(count_positions(part) for part in geometry["geometries"])
    assert set(geometry) == {"type", "coordinates"}
    return count_leaves(geometry["coordinates"], NESTING[geometry["type"]])


def count_leaves(coordinates: object, nesting: int) -> int:
    assert isinstance(coordinates, list)
    if nesting == 0:
        assert len(coordinates) == 2
        lon, lat = coordinates
        assert type(lon) is float
        assert type(lat) is float
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90
        return 1
    assert coordinates
    return sum(count_leaves(part, nesting - 1) for part in coordinates)


def read_watched(watch, filename: str, raw: bytes) -> tuple[dict | None, list[Problem]]:
    with watch() as events:
        result = read_upload(filename, raw)
    assert events == [], events
    check_contract(filename, result)
    event("read" if result[0] else "refused")
    return result


# --- strategies ----------------------------------------------------------------------------

TAGS = [
    "kml", "Document", "Folder", "Placemark", "Point", "LineString", "LinearRing", "Polygon",
    "outerBoundaryIs", "innerBoundaryIs", "coordinates", "MultiGeometry", "ExtendedData",
    "Data", "SchemaData", "SimpleData", "value", "name", "description", "NetworkLink", "Link",
    "href", "styleUrl", "junk", "Style",
]  # fmt: skip
MARKUP = [
    "<script>alert(1)</script>", "$x^2$", "![t](http://127.0.0.1:9/p.png)", "&amp;", "]]>",
    "<![CDATA[x]]>", "-->", "\x00", "file:///etc/passwd", "/vsicurl/http://127.0.0.1:9/x",
]  # fmt: skip
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-200, 200),
    st.integers(-400, 400),
).map(repr)
TUPLES = st.lists(NUMBERS | st.sampled_from(["", "x", "1e999", "0x10"]), min_size=1, max_size=4)
BAD_COORDINATES = st.lists(TUPLES.map(",".join), max_size=12).map(" ".join) | st.sampled_from(
    [" 1,2 \n\t3,4 ", "1, 2", "", "1,2,3,4", "43.8,146.7"]
)
GOOD_XY = st.builds(
    lambda lon, lat, alt: f"{lon!r},{lat!r}{alt}",
    st.floats(-180, 180),
    st.floats(-90, 90),
    st.sampled_from(["", ",0", ",-12.5"]),
)


def good_coordinates(least: int, most: int = 6) -> st.SearchStrategy[str]:
    return st.lists(GOOD_XY, min_size=least, max_size=most).map(" ".join)


COORDINATES = good_coordinates(1) | BAD_COORDINATES
PLAIN_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
TEXT = st.one_of(
    PLAIN_TEXT,
    st.text(max_size=20),
    st.sampled_from(MARKUP),
    COORDINATES,
    st.integers(1, 30_000).map(lambda n: "w" * n),
)
ATTRIBUTES = st.dictionaries(st.sampled_from(["name", "id", "href", "targetId"]), TEXT, max_size=2)


def element(tag: str, attrib: dict, text: str | None, children: list) -> ET.Element:
    node = ET.Element(tag, attrib)
    node.text = text
    node.extend(children)
    return node


def parent(tag: str, *children: ET.Element) -> ET.Element:
    return element(tag, {}, None, list(children))


def with_coordinates(tag: str, text: str) -> ET.Element:
    return parent(tag, element("coordinates", {}, text, []))


def trees(tags: st.SearchStrategy[str]) -> st.SearchStrategy[ET.Element]:
    leaf = st.builds(element, tags, ATTRIBUTES, st.none() | TEXT, st.just([]))
    return st.recursive(
        leaf,
        lambda kids: st.builds(
            element, tags, ATTRIBUTES, st.none() | TEXT, st.lists(kids, max_size=4)
        ),
        max_leaves=15,
    )


JUNK_TREES = trees(st.sampled_from(TAGS))


def polygon(outer: str, holes: list[str]) -> ET.Element:
    rings = [parent("outerBoundaryIs", with_coordinates("LinearRing", outer))]
    rings += [parent("innerBoundaryIs", with_coordinates("LinearRing", hole)) for hole in holes]
    return parent("Polygon", *rings)


KML_GEOMETRIES = st.recursive(
    st.one_of(
        good_coordinates(1, 1).map(lambda text: with_coordinates("Point", text)),
        st.builds(with_coordinates, st.sampled_from(["LineString", "LinearRing"]), COORDINATES),
        st.builds(polygon, COORDINATES, st.lists(good_coordinates(3), max_size=2)),
    ),
    lambda kids: st.lists(kids, min_size=1, max_size=3).map(
        lambda parts: parent("MultiGeometry", *parts)
    ),
    max_leaves=4,
)
GEOMETRY_TAGS = st.sampled_from(
    ["Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "outerBoundaryIs",
     "innerBoundaryIs", "coordinates", "junk"]
)  # fmt: skip
EXTENDED_DATA = st.lists(st.tuples(PLAIN_TEXT, TEXT), max_size=3).map(
    lambda pairs: parent(
        "ExtendedData",
        *(element("Data", {"name": k}, None, [element("value", {}, v, [])]) for k, v in pairs),
    )
)
PLACEMARKS = st.builds(
    lambda name, extra, geometry: parent(
        "Placemark", element("name", {}, name, []), *extra, geometry
    ),
    PLAIN_TEXT | TEXT,
    st.lists(EXTENDED_DATA | JUNK_TREES, max_size=2),
    KML_GEOMETRIES | KML_GEOMETRIES | trees(GEOMETRY_TAGS),
)
PROLOGS = st.sampled_from(
    ["", "", "", '<?xml version="1.0" encoding="UTF-8"?>', "\ufeff", "<!DOCTYPE kml>",
     "<!-- c --><?pi x?>", '<?xml version="1.0" encoding="koi8-r"?>',
     '<!DOCTYPE kml [<!ENTITY a "b">]>']
)  # fmt: skip


@st.composite
def kml_documents(draw: st.DrawFn) -> bytes:
    root_tag = draw(st.sampled_from(["kml"] * 6 + ["OGRVRTDataSource", "Document", "html"]))
    namespace = draw(st.sampled_from([{}, {"xmlns": "http://www.opengis.net/kml/2.2"}]))
    children = draw(st.lists(PLACEMARKS | PLACEMARKS | JUNK_TREES, max_size=6))
    text = ET.tostring(parent(root_tag, parent("Document", *children)), encoding="unicode")
    if draw(st.booleans()):  # half the documents are well-formed as far as characters go
        text = CONTROL.sub("", text)
    if namespace:
        text = text.replace(f"<{root_tag}", f'<{root_tag} xmlns="{namespace["xmlns"]}"', 1)
    return (draw(PROLOGS) + text).encode()


SIMPLE_KML = st.builds(
    lambda name, xy: (
        f"<kml><Placemark><name>{name}</name><Point><coordinates>{xy}</coordinates></Point>"
        "</Placemark></kml>"
    ).encode(),
    st.sampled_from(["a", "&lt;b&gt;", "<![CDATA[<i>]]>"]),
    COORDINATES,
)
MEMBER_NAMES = st.one_of(
    st.just("doc.kml"),
    st.sampled_from(["DOC.KML", "a.kml", "b/c.kml", "files/i.png", "inner.kmz", "dir/", "x.zip"]),
    st.text(min_size=1, max_size=12),
)
COMPRESSIONS = st.sampled_from(
    [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)


def zipped(members: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of the fuzz
        for name, data, compression in members:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


MEMBER_DATA = st.one_of(
    SIMPLE_KML,
    kml_documents(),
    st.binary(max_size=300),
    st.integers(0, 3_000_000).map(lambda n: b"<kml>" + b" " * n + b"</kml>"),
    st.lists(st.tuples(MEMBER_NAMES, SIMPLE_KML, COMPRESSIONS), max_size=2).map(zipped),
)


@st.composite
def kmz_files(draw: st.DrawFn) -> bytes:
    members = draw(st.lists(st.tuples(MEMBER_NAMES, MEMBER_DATA, COMPRESSIONS), max_size=4))
    if draw(st.booleans()):  # a KMZ as Google Earth writes it, among the rest
        doc = draw(SIMPLE_KML | kml_documents())
        compression = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
        members.insert(draw(st.integers(0, len(members))), ("doc.kml", doc, compression))
    raw = zipped(members)
    damage = draw(st.sampled_from(["none", "none", "cut", "flip"]))
    if damage == "none" or not raw:
        return raw
    at = draw(st.integers(0, len(raw) - 1))
    if damage == "cut":
        return raw[:at]
    return raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=15,
)
POSITIONS = st.lists(st.floats(-90, 90), min_size=2, max_size=3)
NUMBERS_JSON = st.one_of(
    st.floats(-180, 180), st.integers(-200, 200), st.floats(), st.booleans(), st.text(max_size=3)
)


def nested(leaf: st.SearchStrategy[object], depth: int, least: int = 0) -> st.SearchStrategy:
    for _ in range(depth):
        leaf = st.lists(leaf, min_size=least, max_size=4)
    return leaf


def shaped(kind: str) -> st.SearchStrategy[dict]:
    coordinates = nested(POSITIONS, NESTING[kind], least=1)
    return coordinates.map(lambda c: {"type": kind, "coordinates": c})


GOOD_GEOMETRIES = st.sampled_from(sorted(NESTING)).flatmap(shaped)
GEOMETRIES = st.one_of(
    GOOD_GEOMETRIES,
    GOOD_GEOMETRIES,
    st.builds(
        lambda kind, coordinates: {"type": kind, "coordinates": coordinates},
        st.sampled_from([*NESTING, "Circle"]),
        st.integers(0, 4).flatmap(lambda depth: nested(st.lists(NUMBERS_JSON, max_size=4), depth)),
    ),
    st.builds(
        lambda parts: {"type": "GeometryCollection", "geometries": parts},
        st.lists(GOOD_GEOMETRIES | JSON_VALUES, max_size=3),
    ),
    JSON_VALUES,
)


def deeply(value: object, depth: int) -> object:
    for _ in range(depth):
        value = [value]
    return value


PROPERTIES = st.one_of(
    st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=5),
    st.builds(lambda depth: {"deep": deeply("x", depth)}, st.integers(0, 40)),
    st.builds(lambda n: {"name": "n" * n}, st.integers(0, 12_000)),
    JSON_VALUES,
)
FEATURE = st.fixed_dictionaries(
    {"type": st.just("Feature"), "geometry": GEOMETRIES, "properties": PROPERTIES}
)
FEATURES = st.one_of(FEATURE, FEATURE, FEATURE, JSON_VALUES)


@st.composite
def geojson_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["FeatureCollection"] * 4 + ["Feature", None]))
    features = (
        draw(st.lists(FEATURES, max_size=8)) if draw(st.integers(0, 4)) else draw(JSON_VALUES)
    )
    data = {"type": kind, "features": features} if draw(st.integers(0, 4)) else draw(JSON_VALUES)
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + json.dumps(data).encode()  # NaN and Infinity included: not JSON, refused


# --- the properties ------------------------------------------------------------------------


@FUZZ
@given(raw=kml_documents())
def test_any_xml_tree_as_kml(raw, watch):
    read_watched(watch, "fuzz.kml", raw)


@FUZZ
@given(raw=kmz_files())
def test_any_zip_as_kmz(raw, watch):
    read_watched(watch, "fuzz.kmz", raw)


@FUZZ
@given(raw=geojson_files())
def test_any_json_as_geojson(raw, watch):
    read_watched(watch, "fuzz.geojson", raw)


@FUZZ
@given(
    stem=st.text(max_size=20),
    suffix=st.sampled_from([*SUFFIXES, ".KML", ".vrt", ".txt", ""]),
    raw=st.binary(max_size=2_000) | kml_documents() | geojson_files() | kmz_files(),
)
def test_any_bytes_under_any_name(stem, suffix, raw, watch):
    read_watched(watch, stem + suffix, raw)


@FUZZ
@given(
    names=st.lists(st.sampled_from(["<b>x</b>", "$y$", "![i](h)", "&amp;", "w" * 500]), min_size=1)
)
def test_good_placemarks_all_load_with_their_names(names, watch):
    escaped = [ET.Element("name") for _ in names]
    for node, name in zip(escaped, names, strict=True):
        node.text = name
    body = "".join(
        f"<Placemark>{ET.tostring(node, encoding='unicode')}"
        f"<Point><coordinates>{145 + i / 100},43.5</coordinates></Point></Placemark>"
        for i, node in enumerate(escaped)
    )
    collection, problems = read_watched(
        watch, "good.kml", f"<kml><Document>{body}</Document></kml>".encode()
    )
    assert problems == []
    assert [f["properties"]["name"] for f in collection["features"]] == names
