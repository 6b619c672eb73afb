"""KML text to GeoJSON features, streamed through defusedxml: the KML half of ``untrusted``.

The parser sees the bytes chunk by chunk and keeps nothing but the Placemark it is inside:
elements elsewhere are only counted. It refuses, by raising ``Refused``, a root element
other than ``<kml>`` (in any namespace), a DOCTYPE or entity (defusedxml, ``forbid_dtd``),
nesting deeper than ``Caps.depth``, more than ``Caps.nodes`` elements plus attributes,
and more than ``Caps.quiet_bytes`` parsed without a single event (one giant tag or comment,
whose attribute list would otherwise be built in memory at once). The input is read as
UTF-8 whatever the XML declaration says (KML is UTF-8), so no codec is ever looked up.

A Placemark becomes one GeoJSON feature: Point -> Point; LineString and LinearRing ->
LineString (a ring's outline); Polygon -> Polygon (rings closed if they are not);
MultiGeometry -> MultiPoint / MultiLineString / MultiPolygon when all its parts are of one
kind, else a GeometryCollection of the parts. Positions are [longitude, latitude] rounded
to 6 decimals (about 0.1 m); altitude is dropped. Properties: ``name``, ``description``,
``ExtendedData/Data[@name]/value`` and ``ExtendedData/SchemaData/SimpleData[@name]``, as
strings exactly as written (no escaping here). NetworkLink, overlays, ``href`` and
``styleUrl`` are never followed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, TypeGuard
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from layers.core.problems import FILE

DECIMALS = 6
GEOMETRY_TAGS = frozenset({"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry"})
LINK_TAGS = frozenset({"NetworkLink", "GroundOverlay", "ScreenOverlay", "PhotoOverlay"})
MAX_TUPLE_CHARS = 100  # "lon,lat,alt" is far shorter; longer is not a coordinate tuple
SIMPLIFY = "simplify or split it (QGIS: Vector ▸ Geometry Tools ▸ Simplify, or mapshaper.org)"
_TOKEN = re.compile(r"\S+")
_NUMBERS = (int, float)


class Refused(Exception):
    """The whole file is refused; the message says why and how to fix it."""


class Reject(Exception):
    """One feature is refused; the message says why, ``field`` which part of it."""

    def __init__(self, message: str, field: str = "geometry") -> None:
        super().__init__(message)
        self.field = field


class Item(NamedTuple):
    """A feature read from a file, or the reason it was not (``feature`` is None).

    ``label`` is "feature N (name)", or ``FILE`` for a note about the whole file.
    """

    label: str
    feature: dict | None
    message: str = ""
    field: str = ""


@dataclass(frozen=True)
class Caps:
    depth: int  # XML element nesting
    nodes: int  # elements plus attributes in the whole document
    quiet_bytes: int  # bytes parsed with no event: one tag or comment


class Budget:
    """Positions left for the whole file; ``take`` refuses the file once they run out."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise Refused(
                f"it has more than {self.limit:,} vertices (points of lines and polygons "
                f"included); uploads are limited to {self.limit:,}: {SIMPLIFY}"
            )


def _plain_number(value: object) -> TypeGuard[int | float]:
    """An int or a float itself: not a bool, not a subclass."""
    return type(value) in _NUMBERS


def position(lon: object, lat: object) -> list[float]:
    """[lon, lat] as floats rounded to ``DECIMALS``; ``Reject`` if not finite and in range."""
    if _plain_number(lon) and _plain_number(lat):
        if -180 <= lon <= 180 and -90 <= lat <= 90:  # NaN fails too
            return [round(float(lon), DECIMALS), round(float(lat), DECIMALS)]
        raise Reject(
            f"position ({brief(lon)}, {brief(lat)}) is off the globe: positions are "
            "longitude (-180..180) first, then latitude (-90..90)"
        )
    raise Reject(f"position ({brief(lon)}, {brief(lat)}) is not two numbers")


def brief(value: object) -> str:
    """A value for a message: scalars shortened, containers by their type only."""
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, int | float | bool) or value is None:
        return repr(value)[:40]
    return f"a JSON {'object' if isinstance(value, dict) else 'array'}"


def label(index: int, name: object) -> str:
    """How problems name a feature: "feature 3 (Shikotan)", counting from 0."""
    if isinstance(name, str) and name.strip():
        return f"feature {index} ({name.strip()[:80]})"
    return f"feature {index}"


def read_placemarks(chunks: Iterable[bytes], caps: Caps, budget: Budget) -> Iterator[Item]:
    """Each Placemark of a KML document as it is parsed, then notes; ``Refused`` if unusable."""
    target = _Target(caps, budget)
    parser = DefusedXMLParser(target=target, encoding="utf-8", forbid_dtd=True)
    quiet = 0
    try:
        for chunk in chunks:
            before = target.events
            parser.feed(chunk)
            quiet = quiet + len(chunk) if target.events == before else 0
            if quiet > caps.quiet_bytes:
                raise Refused(
                    f"not KML: one tag or comment is over {caps.quiet_bytes:,} bytes long"
                )
            yield from target.drain()
        parser.close()
    except ParseError as exc:
        raise Refused(f"not KML: the XML is broken ({exc}): save it again as a KML file") from exc
    except DefusedXmlException as exc:
        raise Refused(
            "refused: it declares a DOCTYPE or entities, which KML never needs "
            "(they can make the reader expand or fetch other files): remove them"
        ) from exc
    except (ValueError, LookupError) as exc:  # bad characters or encoding in the XML
        raise Refused(f"not KML: the XML cannot be read ({str(exc)[:120]})") from exc
    yield from target.drain()
    yield from target.notes()


class _Target:
    """Parser target: checks the root, depth and size; builds only the current Placemark."""

    def __init__(self, caps: Caps, budget: Budget) -> None:
        self.caps, self.budget = caps, budget
        self.depth = self.nodes = self.events = self.links = self.count = 0
        self.builder: TreeBuilder | None = None
        self.base = 0  # depth of the Placemark being built
        self.done: list[Item] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = tag.rpartition("}")[2]
        self.events += 1
        self.depth += 1
        self.nodes += 1 + len(attrib)
        if self.depth == 1 and name != "kml":
            raise Refused(f"not KML: the root element is <{name[:40]}>, expected <kml>")
        if self.depth > self.caps.depth:
            raise Refused(f"not KML: elements are nested more than {self.caps.depth} deep")
        if self.nodes > self.caps.nodes:
            raise Refused(
                f"it has more than {self.caps.nodes:,} XML elements and attributes; "
                f"uploads are limited to that: {SIMPLIFY}"
            )
        if self.builder is None and name == "Placemark":
            self.builder, self.base = TreeBuilder(), self.depth
        elif self.builder is None and name in LINK_TAGS:
            self.links += 1
        if self.builder is not None:
            self.builder.start(name, attrib)

    def end(self, tag: str) -> None:
        self.events += 1
        if self.builder is not None:
            self.builder.end(tag.rpartition("}")[2])
            if self.depth == self.base:
                self.done.append(self._placemark(self.builder.close()))
                self.builder = None
        self.depth -= 1

    def data(self, text: str) -> None:
        self.events += 1
        if self.builder is not None:
            self.builder.data(text)

    def close(self) -> None:
        return None

    def drain(self) -> list[Item]:
        done, self.done = self.done, []
        return done

    def notes(self) -> Iterator[Item]:
        if not self.count:
            raise Refused(
                "no Placemarks found: the KML has no places to draw"
                + (" (it only links to other files)" if self.links else "")
                + "; export the places themselves (Google Earth: Save Place As… KML)"
            )
        if self.links:
            yield Item(
                FILE,
                None,
                f"{self.links} NetworkLink or overlay element(s) ignored: uploads do not "
                "follow links to other files or images; put the Placemarks in this file",
            )

    def _placemark(self, elem: Element) -> Item:
        props = _properties(elem)
        name = label(self.count, props.get("name"))
        self.count += 1
        geometry = next((child for child in elem if child.tag in GEOMETRY_TAGS), None)
        try:
            if geometry is None:
                raise Reject(
                    "has no Point, LineString, LinearRing, Polygon or MultiGeometry: "
                    "give it one, or delete it"
                )
            feature = {"type": "Feature", "geometry": self._geometry(geometry)}
        except Reject as why:
            return Item(name, None, str(why), why.field)
        feature["properties"] = props
        return Item(name, feature)

    def _geometry(self, elem: Element) -> dict:
        if elem.tag == "Point":
            points = self._positions(elem, "Point")
            if len(points) != 1:
                raise Reject(f"a Point has one lon,lat position; this one has {len(points)}")
            return {"type": "Point", "coordinates": points[0]}
        if elem.tag in ("LineString", "LinearRing"):
            line = self._positions(elem, elem.tag)
            if len(line) < 2:
                raise Reject(f"a {elem.tag} needs at least 2 positions")
            return {"type": "LineString", "coordinates": line}
        if elem.tag == "Polygon":
            outer = elem.find("outerBoundaryIs/LinearRing")
            if outer is None:
                raise Reject("a Polygon needs <outerBoundaryIs><LinearRing><coordinates>")
            rings = [outer, *elem.iterfind("innerBoundaryIs/LinearRing")]
            return {"type": "Polygon", "coordinates": [self._ring(ring) for ring in rings]}
        return self._multi(elem)

    def _ring(self, elem: Element) -> list[list[float]]:
        ring = self._positions(elem, "polygon ring")
        if ring and ring[0] != ring[-1]:
            ring.append(list(ring[0]))
        if len(ring) < 4:
            raise Reject("a polygon ring needs at least 3 different positions")
        return ring

    def _multi(self, elem: Element) -> dict:
        parts = [
            part
            for child in elem
            if child.tag in GEOMETRY_TAGS
            for part in _explode(self._geometry(child))
        ]
        if not parts:
            raise Reject("an empty MultiGeometry: give it a Point, LineString or Polygon")
        kinds = {part["type"] for part in parts}
        if len(kinds) == 1:
            return {"type": f"Multi{kinds.pop()}", "coordinates": [p["coordinates"] for p in parts]}
        return {"type": "GeometryCollection", "geometries": parts}

    def _positions(self, elem: Element, what: str) -> list[list[float]]:
        text = elem.findtext("coordinates")
        if not text or not text.strip():
            raise Reject(f"the {what} has no <coordinates>")
        positions = []
        for match in _TOKEN.finditer(text):
            self.budget.take()
            positions.append(_tuple(match.group()))
        return positions


def _tuple(token: str) -> list[float]:
    parts = token.split(",") if len(token) <= MAX_TUPLE_CHARS else []
    try:
        if len(parts) not in (2, 3):
            raise ValueError(token)
        return position(float(parts[0]), float(parts[1]))
    except ValueError:
        raise Reject(
            f"coordinates {token[:40]!r} are not lon,lat[,alt]: write tuples like "
            "145.58,43.33,0 separated by spaces, no space after the commas"
        ) from None


def _explode(geometry: dict) -> list[dict]:
    kind = geometry["type"]
    if kind == "GeometryCollection":
        return geometry["geometries"]
    if kind.startswith("Multi"):
        return [{"type": kind[5:], "coordinates": c} for c in geometry["coordinates"]]
    return [geometry]


def _properties(elem: Element) -> dict[str, str]:
    props: dict[str, str] = {}
    for key in ("name", "description"):
        child = elem.find(key)
        if child is not None:
            props[key] = "".join(child.itertext())
    pairs = [(d.get("name"), d.findtext("value") or "") for d in elem.iterfind("ExtendedData/Data")]
    pairs += [
        (d.get("name"), "".join(d.itertext()))
        for d in elem.iterfind("ExtendedData/SchemaData/SimpleData")
    ]
    for name, value in pairs:
        if name and name not in props:
            props[name] = value
    return props
