"""Regression tests for issue 14: what an upload could make the server do, one per report.

Each report ran through GDAL; ``layers.uploads.untrusted`` reads uploads itself, from an allow-list
of suffixes, and these tests pin that the same bytes are now refused (or read) without an
exception, without opening any file and without a socket (see ``conftest.py``).
"""

from __future__ import annotations

import io
import json
import socket
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable

import pytest

from harness.paths import REPO_ROOT, SECURITY_DATA_DIR
from layers.core.problems import FILE, Problem
from layers.uploads import untrusted
from layers.uploads.kml import Refused
from layers.uploads.untrusted import (
    MAX_DEPTH,
    MAX_FEATURES,
    MAX_JSON_CONTAINERS,
    MAX_KML_BYTES,
    MAX_LAYER_BYTES,
    MAX_TAG_BYTES,
    MAX_TEXT_PER_FEATURE,
    MAX_UPLOAD_BYTES,
    MAX_VERTICES,
    MAX_XML_NODES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    SUFFIXES,
    read_upload,
)

SECURITY_MD = REPO_ROOT / "SECURITY.md"
MIB = 1 << 20
HOSTILE_NAME = "<script>alert(1)</script> ![t](http://host/p.png) $x^2$"
KML_NS = ' xmlns="http://www.opengis.net/kml/2.2"'


def kml(*placemarks: str, ns: str = KML_NS, extra: str = "") -> bytes:
    body = "".join(placemarks) + extra
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return f"{head}<kml{ns}><Document><Folder>{body}</Folder></Document></kml>".encode()


def placemark(name: str = "Shikotan", geometry: str = "", xy: str = "146.7,43.8,0") -> str:
    geometry = geometry or f"<Point><coordinates>{xy}</coordinates></Point>"
    return f"<Placemark><name>{name}</name>{geometry}</Placemark>"


def kmz(*members: tuple[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def point(lon: float = 146.7, lat: float = 43.8, **properties: object) -> dict:
    geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def geojson(*features: object) -> bytes:
    collection = {"type": "FeatureCollection", "features": list(features)}
    return json.dumps(collection, separators=(",", ":")).encode()


def timed(call: Callable[[], object]) -> tuple[object, float]:
    """``call()`` and the seconds it took."""
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def peak_memory(call: Callable[[], object]) -> int:
    """The peak of Python allocations while ``call()`` runs, in bytes."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measured(call: Callable[[], object]) -> tuple[object, float, int]:
    """``call()``, the seconds it took, and the peak of Python allocations in a second run."""
    result, seconds = timed(call)
    return result, seconds, peak_memory(call)


def refused(result: tuple[dict | None, list[Problem]], *expected: str) -> str:
    """The whole-file message of a refused upload, checked to contain ``expected``."""
    collection, problems = result
    assert collection is None, problems
    assert problems, "a refusal must say why"
    assert problems[-1].feature == FILE, problems
    message = str(problems[-1])
    for text in expected:
        assert text in message, message
    return message


def read(filename: str, raw: bytes) -> tuple[dict, list[Problem]]:
    collection, problems = read_upload(filename, raw)
    assert collection is not None, problems
    return collection, problems


def deflated_zeros(mib: int) -> bytes:
    """A raw deflate stream of ``mib`` MiB of zero bytes, without deflating them all:
    after a full flush the compressor starts afresh, so every MiB deflates the same."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(bytes(MIB)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    assert squeeze.compress(bytes(MIB)) + squeeze.flush(zlib.Z_FULL_FLUSH) == block
    return block * mib + squeeze.flush()


def one_member_zip(name: bytes, packed: bytes, size: int) -> bytes:
    """A zip of one deflated member declaring ``size`` bytes unpacked (CRC left 0: no
    reader gets that far before a size limit)."""
    sizes = (0, len(packed), size)  # CRC, packed, unpacked
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, *sizes, len(name), 0)
    central = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, *sizes, len(name), 0, 0, 0, 0, 0, 0
    )
    offset = len(local) + len(name) + len(packed)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(name), offset, 0)
    return local + name + packed + central + name + end


def lie_about_size(raw: bytes, size: int) -> bytes:
    """``raw`` (a one-member zip) with both its headers declaring ``size`` bytes unpacked."""
    local, central = raw.index(b"PK\x03\x04"), raw.index(b"PK\x01\x02")
    patched = bytearray(raw)
    patched[local + 22 : local + 26] = struct.pack("<L", size)
    patched[central + 24 : central + 28] = struct.pack("<L", size)
    return bytes(patched)


@pytest.fixture(scope="module")
def gigabyte_zip() -> bytes:
    """About 3 MB of zip whose one member unpacks to 3 GiB of zeros (the survey.kml report)."""
    raw = one_member_zip(b"doc.kml", deflated_zeros(3000), 3000 * MIB)
    assert 2 * MIB < len(raw) < 4 * MIB
    return raw


@pytest.fixture(scope="module")
def sixty_megabyte_kmz() -> bytes:
    """An honest KMZ whose doc.kml is 60 MB of blanks, packed by zipfile."""
    return kmz(("doc.kml", b"<kml><Document>" + b" " * (3 * MAX_KML_BYTES) + b"</Document></kml>"))


# --- the reports of issue 14 ---------------------------------------------------------------


def test_the_guards_work(watch, tmp_path):
    """The audit hook sees an open, and the socket guard fails a connection attempt."""
    target = tmp_path / "x"
    target.write_bytes(b"")
    with watch() as events:
        target.read_bytes()
    assert any(event == "open" and str(target) in str(args[0]) for event, args in events)
    with pytest.raises(pytest.fail.Exception, match="network connection"):
        socket.create_connection(("127.0.0.1", 9), timeout=0.1)


def test_ogr_vrt_named_kml_is_refused_and_etc_passwd_never_opened(watch):
    raw = (SECURITY_DATA_DIR / "islands_passwd.vrt").read_bytes()
    with watch() as events:
        result = read_upload("islands.kml", raw)
    refused(result, "not KML: the root element is <OGRVRTDataSource>, expected <kml>")
    assert events == []


def test_vrt_with_vsicurl_is_refused_without_a_socket(watch):
    raw = (SECURITY_DATA_DIR / "islands_vsicurl.vrt").read_bytes()
    assert b"/vsicurl/http://127.0.0.1:9/x" in raw
    with watch() as events:
        result = read_upload("islands.kml", raw)
    refused(result, "<OGRVRTDataSource>")
    assert events == []


def test_vrt_without_geometry_is_refused_without_an_exception(watch):
    raw = (SECURITY_DATA_DIR / "islands_nogeometry.vrt").read_bytes()
    with watch() as events:
        result = read_upload("islands.kml", raw)
    refused(result, "expected <kml>")
    assert events == []


def test_zip_renamed_kml_is_refused_as_not_xml_without_unpacking(gigabyte_zip, watch):
    with watch() as events:
        result, seconds, peak = measured(lambda: read_upload("survey.kml", gigabyte_zip))
    refused(result, "not KML", "zip archive", ".kmz")
    assert events == []
    assert peak < 10 * MIB
    assert seconds < 2


def test_kmz_bomb_is_refused_by_its_declared_size(gigabyte_zip, watch):
    with watch() as events:
        result, seconds, peak = measured(lambda: read_upload("survey.kmz", gigabyte_zip))
    refused(result, "unpacks to 3,145.7 MB", f"limit is {MAX_KML_BYTES / 1e6:.0f} MB")
    assert events == []
    assert peak < 10 * MIB
    assert seconds < 2


def test_kmz_bomb_made_with_zipfile_is_refused_before_unpacking():
    bomb = kmz(("doc.kml", b"<kml>" + b"A" * (3 * MAX_KML_BYTES) + b"</kml>"))
    result, _, peak = measured(lambda: read_upload("bomb.kmz", bomb))
    refused(result, "unpacks to")
    assert peak < 10 * MIB


@pytest.mark.parametrize(
    ("declared", "why"), [(10, "damaged"), (MIB, "damaged"), (MAX_KML_BYTES, "packed size")]
)
def test_kmz_whose_headers_understate_its_size_is_refused_in_bounded_memory(
    declared, why, sixty_megabyte_kmz, watch
):
    liar = lie_about_size(sixty_megabyte_kmz, declared)
    with watch() as events:
        result, seconds, peak = measured(lambda: read_upload("liar.kmz", liar))
    refused(result, why)
    assert events == []
    assert peak < 20 * MIB
    assert seconds < 5


def test_member_stream_is_cut_at_the_cap_whatever_was_declared():
    class Endless(io.RawIOBase):
        def readinto(self, buffer) -> int:
            buffer[:] = bytes(len(buffer))
            return len(buffer)

    received = []
    chunks = untrusted._capped_chunks(Endless(), 1_000_000)
    with pytest.raises(Refused, match="more than 1 MB"):
        received.extend(len(chunk) for chunk in chunks)
    assert sum(received) <= 1_000_000


def test_member_stream_of_a_real_bomb_is_cut_at_the_cap_in_small_memory(sixty_megabyte_kmz):
    """zipfile never yields more than a header declares, so the declared-size check fires
    first; skip it, and the streaming read still stops a 60 MB member at the cap."""
    archive = zipfile.ZipFile(io.BytesIO(sixty_megabyte_kmz))
    (info,) = archive.infolist()
    received: list[int] = []

    def drain() -> None:
        with pytest.raises(Refused, match=f"more than {MAX_KML_BYTES / 1e6:.0f} MB"):
            received.extend(len(chunk) for chunk in untrusted._member_chunks(archive, info))

    assert peak_memory(drain) < 5 * MIB
    assert sum(received) <= MAX_KML_BYTES


def test_45000_points_are_refused_with_the_feature_limit_named():
    raw = geojson(*(point(145 + i / 1e5, 43.5) for i in range(45_000)))
    assert len(raw) < MAX_UPLOAD_BYTES
    result, seconds = timed(lambda: read_upload("points.geojson", raw))
    refused(result, "45,000 features", f"limited to {MAX_FEATURES:,}", "Simplify", "mapshaper")
    assert seconds < 2


@pytest.mark.parametrize(
    "raw",
    [
        b"<kml><Document/></kml>",
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
        b"<kml/>",
        b"<kml><Document><Folder><name>empty</name></Folder></Document></kml>",
    ],
)
def test_kml_without_placemarks_is_a_problem_not_a_traceback(raw):
    refused(read_upload("empty.kml", raw), "no Placemarks")


def test_billion_laughs_is_refused(watch):
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE kml [<!ENTITY l0 "lol">{laughs}]>'
    raw = f"<?xml version='1.0'?>{doctype}<kml><Placemark><name>&l9;</name></Placemark></kml>"
    with watch() as events:
        result, _, peak = measured(lambda: read_upload("laughs.kml", raw.encode()))
    refused(result, "DOCTYPE")
    assert events == []
    assert peak < 5 * MIB


def test_external_entity_is_refused_and_not_opened(watch):
    raw = b'<!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml>&x;</kml>'
    with watch() as events:
        result = read_upload("xxe.kml", raw)
    refused(result, "DOCTYPE")
    assert events == []


@pytest.mark.parametrize("suffix", [".kml", ".kmz", ".geojson"])
def test_hostile_names_come_back_literally(suffix):
    escaped = HOSTILE_NAME.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    doc = kml(placemark(escaped), placemark(f"<![CDATA[{HOSTILE_NAME}]]>"))
    raw = {
        ".kml": doc,
        ".kmz": kmz(("doc.kml", doc), ("files/icon.png", b"\x89PNG")),
        ".geojson": geojson(point(name=HOSTILE_NAME), point(name=HOSTILE_NAME)),
    }[suffix]
    collection, problems = read(f"trip{suffix}", raw)
    assert problems == []
    assert [f["properties"]["name"] for f in collection["features"]] == [HOSTILE_NAME] * 2


# --- the allow-list ------------------------------------------------------------------------

NOT_LAYERS = ["notes.txt", "islands.vrt", "x.shp", "x.gpkg", "x.kml.zip", "kml", "x.KML.txt", ""]


@pytest.mark.parametrize("filename", NOT_LAYERS)
def test_only_listed_suffixes_are_read(filename):
    message = refused(read_upload(filename, kml(placemark())), "not a layer file")
    assert all(suffix in message for suffix in SUFFIXES)


@pytest.mark.parametrize("filename", ["TRIP.KML", "Trip.Kml", "a.b.kml"])
def test_suffix_case_does_not_matter(filename):
    collection, problems = read(filename, kml(placemark()))
    assert problems == []
    assert len(collection["features"]) == 1


def test_the_suffix_not_the_content_picks_the_reader():
    refused(read_upload("trip.geojson", kml(placemark())), "not valid JSON")
    refused(read_upload("trip.kml", geojson(point())), "not KML")
    refused(read_upload("trip.kmz", kml(placemark())), "not a usable KMZ")


def test_oversized_upload_is_refused_before_reading():
    refused(read_upload("big.geojson", b" " * (MAX_UPLOAD_BYTES + 1)), "limited to 5 MB")


@pytest.mark.parametrize("raw", [b"", b"   \n", b"\n\t"])
@pytest.mark.parametrize("filename", ["a.kml", "a.kmz", "a.geojson"])
def test_empty_files_are_refused(filename, raw):
    refused(read_upload(filename, raw), "empty")


# --- KML to GeoJSON ------------------------------------------------------------------------


def test_kml_geometries_become_geojson():
    ring = "<LinearRing><coordinates>{}</coordinates></LinearRing>"
    polygon = (
        "<Polygon><outerBoundaryIs>" + ring.format("145,43 146,43 146,44") + "</outerBoundaryIs>"
        "<innerBoundaryIs>"
        + ring.format("145.5,43.1 145.6,43.1 145.6,43.2 145.5,43.1")
        + "</innerBoundaryIs></Polygon>"
    )
    line = "<LineString><coordinates>145,43,10\n 146,44,20</coordinates></LineString>"
    pt = "<Point><coordinates>1,2</coordinates></Point>"
    places = [
        placemark("pt", xy=" 145.1234567,43.7654321,0 "),
        placemark("line", line),
        placemark("ring", ring.format("145,43 146,43 146,44 145,43")),
        placemark("poly", polygon),
        placemark("points", f"<MultiGeometry>{pt}{pt}</MultiGeometry>"),
        placemark("mixed", f"<MultiGeometry>{pt}{line}</MultiGeometry>"),
        placemark(
            "nested", f"<MultiGeometry><MultiGeometry>{polygon}</MultiGeometry></MultiGeometry>"
        ),
    ]
    collection, problems = read("trip.kml", kml(*places))
    assert problems == []
    geometries = {f["properties"]["name"]: f["geometry"] for f in collection["features"]}
    assert geometries["pt"] == {"type": "Point", "coordinates": [145.123457, 43.765432]}
    assert geometries["line"] == {"type": "LineString", "coordinates": [[145, 43], [146, 44]]}
    assert geometries["ring"]["type"] == "LineString"
    outer, hole = geometries["poly"]["coordinates"]
    assert outer == [[145, 43], [146, 43], [146, 44], [145, 43]]  # closed for GeoJSON
    assert len(hole) == 4
    assert geometries["points"] == {"type": "MultiPoint", "coordinates": [[1, 2], [1, 2]]}
    assert geometries["mixed"]["type"] == "GeometryCollection"
    assert [g["type"] for g in geometries["mixed"]["geometries"]] == ["Point", "LineString"]
    assert geometries["nested"]["type"] == "MultiPolygon"


def test_kml_properties_are_name_description_and_extended_data():
    extended = (
        "<ExtendedData><Data name='kind'><displayName>Kind</displayName><value>camp</value></Data>"
        "<Data name='name'><value>not the name</value></Data>"
        "<SchemaData schemaUrl='#s'><SimpleData name='year'>1945</SimpleData></SchemaData>"
        "</ExtendedData>"
    )
    geometry = f"<description><![CDATA[<b>bold</b>]]></description>{extended}"
    geometry += "<styleUrl>http://127.0.0.1:9/style.kml#s</styleUrl>"
    geometry += "<Point><coordinates>146.7,43.8</coordinates></Point>"
    collection, _ = read("trip.kml", kml(placemark("Camp", geometry)))
    assert collection["features"][0]["properties"] == {
        "name": "Camp",
        "description": "<b>bold</b>",
        "kind": "camp",
        "year": "1945",
    }


@pytest.mark.parametrize("ns", ["", KML_NS, ' xmlns="http://earth.google.com/kml/2.1"'])
def test_kml_namespace_does_not_matter(ns):
    collection, _ = read("trip.kml", kml(placemark(), ns=ns))
    assert len(collection["features"]) == 1


@pytest.mark.parametrize(
    ("geometry", "why"),
    [
        ("<description>none</description>", "has no Point"),
        ("<Point/>", "no <coordinates>"),
        ("<Point><coordinates>1,2 3,4</coordinates></Point>", "one lon,lat"),
        ("<Point><coordinates>146.7, 43.8</coordinates></Point>", "not lon,lat"),
        ("<Point><coordinates>nan,1</coordinates></Point>", "off the globe"),
        ("<Point><coordinates>43.8,146.7</coordinates></Point>", "latitude (-90..90)"),
        ("<LineString><coordinates>1,2</coordinates></LineString>", "at least 2"),
        ("<Polygon><innerBoundaryIs/></Polygon>", "outerBoundaryIs"),
        ("<MultiGeometry><name/></MultiGeometry>", "empty MultiGeometry"),
        ("<gx:Track xmlns:gx='http://www.google.com/kml/ext/2.2'/>", "has no Point"),
    ],
)
def test_placemark_without_usable_geometry_is_named_and_the_others_load(geometry, why):
    collection, problems = read("trip.kml", kml(placemark("good"), placemark("bad", geometry)))
    assert [f["properties"]["name"] for f in collection["features"]] == ["good"]
    (problem,) = problems
    assert problem.feature == "feature 1 (bad)"
    assert problem.field == "geometry"
    assert why in problem.message


@pytest.mark.parametrize(
    "link",
    [
        "<NetworkLink><Link><href>http://127.0.0.1:9/x.kml</href></Link></NetworkLink>",
        "<NetworkLink><Link><href>/etc/passwd</href></Link></NetworkLink>",
        "<GroundOverlay><Icon><href>file:///etc/passwd</href></Icon></GroundOverlay>",
    ],
)
def test_links_to_other_resources_are_never_followed(link, watch):
    with watch() as events:
        collection, problems = read("trip.kml", kml(placemark(), extra=link))
    assert events == []
    assert len(collection["features"]) == 1
    assert [p.feature for p in problems] == [FILE]
    assert "ignored" in problems[0].message
    with watch() as events:
        refused(read_upload("links.kml", kml(extra=link)), "no Placemarks", "links")
    assert events == []


def test_xinclude_is_not_processed(watch):
    include = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'
    with watch() as events:
        collection, _ = read("trip.kml", kml(placemark(f"a{include}")))
    assert events == []
    assert collection["features"][0]["properties"]["name"] == "a"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"<kml><Placemark>", "broken"),
        (b"<kml><Placemark><name>a</name></Placemark></kml><kml/>", "broken"),
        (b"<kml>\xff\xfe</kml>", "broken"),
        (b'<?xml version="1.0" encoding="shift_jis"?><kml><name>\x82\xa0</name></kml>', "broken"),
        (b"<?xml version='1.0'?><?pi x?><!-- c --><kml/>", "no Placemarks"),
    ],
)
def test_broken_kml_is_refused(raw, why):
    refused(read_upload("broken.kml", raw), why)


def test_kml_declaring_another_encoding_is_read_as_utf8(watch):
    raw = kml(placemark("Шикотан")).replace(b"UTF-8", b"koi8-r")
    with watch() as events:
        collection, _ = read("trip.kml", raw)
    assert events == []  # no codec was looked up (and imported)
    assert collection["features"][0]["properties"]["name"] == "Шикотан"


# --- KMZ -----------------------------------------------------------------------------------


def test_kmz_prefers_doc_kml():
    other = kml(placemark("other"))
    raw = kmz(("a.kml", other), ("doc.kml", kml(placemark("doc"))), ("b/c.kml", other))
    collection, _ = read("trip.kmz", raw)
    assert collection["features"][0]["properties"]["name"] == "doc"


def test_kmz_with_one_kml_of_any_name_is_read():
    collection, _ = read("trip.kmz", kmz(("files/", b""), ("Trip Export.KML", kml(placemark()))))
    assert len(collection["features"]) == 1


@pytest.mark.parametrize(
    ("members", "why"),
    [
        ([("a.kml", b"<kml/>"), ("b.kml", b"<kml/>")], "holds 2 (a.kml, b.kml)"),
        ([("doc.kml", b"<kml/>"), ("DOC.KML", b"<kml/>")], "holds 2"),
        ([("icon.png", b"\x89PNG")], "holds 0"),
        ([("inner.kmz", kmz(("doc.kml", kml(placemark()))))], "holds 0"),  # not opened
        ([("doc.kml", b"<kml><Document/></kml>")], "no Placemarks"),
        (
            [("doc.kml", (SECURITY_DATA_DIR / "islands_passwd.vrt").read_bytes())],
            "<OGRVRTDataSource>",
        ),
    ],
)
def test_unusable_kmz_is_refused(members, why):
    refused(read_upload("trip.kmz", kmz(*members)), why)


@pytest.mark.parametrize(
    ("compression", "why"),
    [(zipfile.ZIP_BZIP2, "unusual compression"), (zipfile.ZIP_LZMA, "unusual compression")],
)
def test_kmz_compression_is_deflate_or_none(compression, why):
    refused(
        read_upload("trip.kmz", kmz(("doc.kml", kml(placemark())), compression=compression)), why
    )
    collection, _ = read(
        "t.kmz", kmz(("doc.kml", kml(placemark())), compression=zipfile.ZIP_STORED)
    )
    assert len(collection["features"]) == 1


def test_encrypted_kmz_member_is_refused():
    raw = bytearray(kmz(("doc.kml", kml(placemark()))))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.index(signature) + flags_at
        raw[at] |= 1
    refused(read_upload("locked.kmz", bytes(raw)), "encrypted")


def test_kmz_with_too_many_members_is_refused():
    members = [(f"files/{i}.png", b"") for i in range(MAX_ZIP_MEMBERS)]
    raw = kmz(("doc.kml", kml(placemark())), *members)
    refused(read_upload("many.kmz", raw), f"limit is {MAX_ZIP_MEMBERS:,}")


def test_kmz_packed_over_the_ratio_is_refused():
    doc = kml(placemark(), extra="<Folder>" + " " * (5 * MIB) + "</Folder>")
    refused(read_upload("dense.kmz", kmz(("doc.kml", doc))), "times its packed size")


@pytest.mark.parametrize("cut", [10, 100, -30, -200])
def test_damaged_kmz_is_refused(cut):
    raw = kmz(("doc.kml", kml(*(placemark(f"p{i}") for i in range(50)))))
    damaged = raw[:cut] if cut > 0 else raw[:cut] + raw[cut + 10 :]
    refused(read_upload("damaged.kmz", damaged))


def test_kmz_with_a_bad_crc_is_refused():
    raw = bytearray(kmz(("doc.kml", kml(placemark()))))
    crc_at = raw.index(b"PK\x01\x02") + 16
    raw[crc_at] ^= 0xFF
    refused(read_upload("crc.kmz", bytes(raw)), "damaged")


# --- the limits ----------------------------------------------------------------------------


def test_vertex_limit_refuses_the_file():
    line = " ".join(f"{145 + i * 1e-5:.5f},43.5" for i in range(MAX_VERTICES + 1))
    raw = kml(placemark("long", f"<LineString><coordinates>{line}</coordinates></LineString>"))
    refused(read_upload("long.kml", raw), f"more than {MAX_VERTICES:,} vertices")
    positions = [[145 + i * 1e-5, 43.5] for i in range(MAX_VERTICES + 1)]
    line = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": positions}}
    refused(read_upload("long.geojson", geojson(line)), f"more than {MAX_VERTICES:,} vertices")


def test_kml_feature_limit_refuses_the_file():
    raw = kml(*(placemark(f"p{i}") for i in range(MAX_FEATURES + 1)))
    refused(read_upload("many.kml", raw), f"more than {MAX_FEATURES:,} features")
    collection, _ = read("enough.kml", kml(*(placemark(f"p{i}") for i in range(MAX_FEATURES))))
    assert len(collection["features"]) == MAX_FEATURES


def test_text_limit_refuses_only_the_feature_over_it():
    long = "x" * MAX_TEXT_PER_FEATURE
    for filename, raw in [
        ("t.kml", kml(placemark("short"), placemark(long))),
        ("t.geojson", geojson(point(name="short"), point(name=long))),
    ]:
        collection, problems = read(filename, raw)
        assert [f["properties"]["name"] for f in collection["features"]] == ["short"]
        (problem,) = problems
        assert problem.feature.startswith("feature 1 (xxx")
        assert problem.field == "properties"
        assert f"limit is {MAX_TEXT_PER_FEATURE:,}" in problem.message


def test_page_limit_refuses_a_layer_that_would_be_too_big():
    text = "y" * (MAX_TEXT_PER_FEATURE // 2)
    count = MAX_LAYER_BYTES // len(text) + 1
    raw = geojson(*(point(description=text) for _ in range(count)))
    refused(read_upload("wordy.geojson", raw), f"the limit is {MAX_LAYER_BYTES / 1e6:.0f} MB")


def test_xml_depth_and_size_limits():
    deep = "<Folder>" * MAX_DEPTH + "</Folder>" * MAX_DEPTH
    refused(read_upload("deep.kml", kml(placemark(), extra=deep)), f"more than {MAX_DEPTH} deep")
    crowd = "<a/>" * MAX_XML_NODES
    refused(read_upload("crowd.kml", kml(placemark(), extra=crowd)), f"more than {MAX_XML_NODES:,}")


def test_one_giant_tag_is_refused_before_its_attributes_are_built():
    attributes = " ".join(f'a{i}=""' for i in range(700_000))
    raw = f"<kml><Placemark {attributes}/></kml>".encode()[: MAX_UPLOAD_BYTES - 10] + b"/></kml>"
    result, seconds, peak = measured(lambda: read_upload("tag.kml", raw))
    refused(result, "one tag or comment")
    assert peak < 20 * MIB
    assert seconds < 2


def test_json_nesting_is_refused_without_raising():
    refused(read_upload("deep.geojson", b"[" * 100_000 + b"]" * 100_000), "not usable JSON")
    refused(read_upload("deep.geojson", b"[" * 300_000), "JSON objects and arrays")
    nested: object = "leaf"
    for _ in range(MAX_DEPTH + 1):
        nested = [nested]
    collection, problems = read(
        "p.geojson", geojson(point(name="ok"), point(name="deep", x=nested))
    )
    assert len(collection["features"]) == 1
    assert f"more than {MAX_DEPTH} deep" in problems[0].message


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b'{"type":"FeatureCollection","features":[],"x":NaN}', "not usable JSON"),
        (b'{"type":"FeatureCollection","features":[{"x":1e999999}]}', "not usable JSON"),
        (b'{"type":"Feature"}', "expected a FeatureCollection"),
        (b'[{"type":"FeatureCollection"}]', "got 'list'"),
        (b'{"type":"FeatureCollection","features":{}}', "'features' must be a list"),
        (b'{"type":"FeatureCollection","features":[]}', "no features"),
        (b'{"type":"FeatureCollection","features":[1, null, "x"]}', "none of its 3"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"type":"FeatureCollection","features":[' + b"1" * 5000 + b"]}", "not usable JSON"),
    ],
)
def test_broken_geojson_is_refused(raw, why):
    refused(read_upload("broken.geojson", raw), why)


@pytest.mark.parametrize(
    ("geometry", "why"),
    [
        (None, "has no geometry"),
        ({"type": "Point", "coordinates": [True, False]}, "not two numbers"),
        ({"type": "Point", "coordinates": [1e300, 0]}, "off the globe"),
        ({"type": "Point", "coordinates": ["1", "2"]}, "not two numbers"),
        ({"type": "Point", "coordinates": [10**400, 0]}, "off the globe"),
        ({"type": "Point", "coordinates": [[[[1]]]]}, "not [longitude, latitude]"),
        ({"type": "Polygon", "coordinates": [[]]}, "non-empty list"),
        ({"type": "Circle", "coordinates": [1, 2]}, "'Circle' is not a GeoJSON geometry"),
        ({"type": ["Point"], "coordinates": [1, 2]}, "a JSON array is not"),
        ({"type": "GeometryCollection", "geometries": []}, "non-empty"),
    ],
)
def test_geojson_feature_with_bad_geometry_is_named(geometry, why):
    bad = {"type": "Feature", "geometry": geometry, "properties": {"name": "bad"}}
    collection, problems = read("p.geojson", geojson(point(name="good"), bad))
    assert len(collection["features"]) == 1
    (problem,) = problems
    assert problem.feature == "feature 1 (bad)"
    assert why in problem.message


def test_geojson_is_rebuilt_from_known_members_only():
    feature = point(145.1234567891, 43.5, name="a")
    feature |= {"id": 7, "bbox": [0, 0, 1, 1], "crs": {"type": "name"}, "style": "<b>"}
    feature["geometry"]["crs"] = "x"
    collection, problems = read("p.geojson", b"\xef\xbb\xbf" + geojson(feature))
    assert problems == []
    assert collection["features"] == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [145.123457, 43.5]},
            "properties": {"name": "a"},
        }
    ]


def test_lone_surrogate_in_properties_refuses_the_feature():
    raw = geojson(point(name="ok"), point(name="\ud800 lone"))
    collection, problems = read("s.geojson", raw)
    assert len(collection["features"]) == 1
    assert "ud800" in problems[0].message


def test_security_md_states_the_limits_in_force():
    text = SECURITY_MD.read_text(encoding="utf-8")
    rows = {
        "Upload size": f"{MAX_UPLOAD_BYTES // MIB} MiB",
        "Features": f"{MAX_FEATURES:,}",
        "Vertices": f"{MAX_VERTICES:,}",
        "Properties of one feature": f"{MAX_TEXT_PER_FEATURE:,} characters",
        "on the page": f"{MAX_LAYER_BYTES / 1e6:.0f} MB",
        "Nesting": f"{MAX_DEPTH} levels",
        "JSON objects and arrays": f"{MAX_JSON_CONTAINERS:,}",
        "XML elements plus attributes": f"{MAX_XML_NODES:,}; one tag or comment at most "
        f"{MAX_TAG_BYTES // MIB} MiB",
        "KML inside a KMZ": f"{MAX_KML_BYTES / 1e6:.0f} MB unpacked, at most {MAX_ZIP_RATIO} "
        f"times its packed size; at most {MAX_ZIP_MEMBERS:,} files",
    }
    lines = {
        line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| ")
    }
    for row, figure in rows.items():
        (line,) = [line for name, line in lines.items() if row in name]
        assert figure in line, (row, figure, line)
    assert all(f"`{suffix}`" in text for suffix in SUFFIXES)
