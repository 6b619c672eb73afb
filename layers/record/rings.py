"""Claimed ranges as rings on the WGS84 ellipsoid: a derived layer, ``claimed_ranges``.

``geodata/ranges.json`` gives, for a deployment feature id, the system's conservative
claimed range, who claims it and the source, and (where sources disagree) the higher
claim and who makes it. Each becomes a ring: the points at that geodesic distance from
the deployment's point (``pyproj.Geod.fwd``), dense enough that the drawn line stays
within 0.5 % of the range between its vertices too, with a popup naming the claim and
the map's named places inside it. The ring layer is an ordinary ``Layer``, so the view
plan, both renderers and the browser's steering treat it like any other (off by default).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from shapely.geometry import LineString, Point

from layers.core.problems import FILE, Problem, Reject
from layers.core.records import Fact, Feature, JSONObject, Layer, Names, PartialDate, Source
from layers.core.specs import PALETTE, LayerSpec, Style
from layers.record.citations import parse_source
from layers.record.distances import GEOD

RINGS = "claimed_ranges"  # the layer's key
RANGES_FILE = "ranges.json"
DEPLOYMENTS = "deployments"
VERTICES = 360  # one per degree of azimuth: the chord sags < 0.01 % of the range
DECIMALS = 5  # of a degree: ~1 m, where a claimed range is stated to the kilometre
PLACE_LAYERS = ("island_settlements", "hokkaido_points", "sakhalin_energy")  # named points
RING_STYLE = Style(PALETTE["vermillion"], weight=2, dash_array="10 6")
RING_SPEC = LayerSpec(
    key=RINGS,
    title="Claimed ranges",
    geometry_types=("LineString",),
    fields=(),
    style=RING_STYLE,
    legend="Claimed range of a reported system (ring, conservative figure)",
    default_on=False,
)
RING_NOTE = (
    "A claim, not a measurement: every point of the ring is the claimed range away from "
    "the deployment's mapped point on the WGS84 ellipsoid. Real reach depends on the "
    "missile, targeting and terrain."
)


@dataclass(frozen=True)
class Claim:
    km: float
    claimed_by: str
    claim: str  # what the source says
    source: Source


@dataclass(frozen=True)
class RangeClaim:
    fid: str  # the deployment's feature id
    system: str
    name: str  # short system name and where: "Bal at Kunashir"
    conservative: Claim
    higher: Claim | None


@dataclass(frozen=True)
class Place:
    name: str
    lon: float
    lat: float


def _text(item: JSONObject, key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Reject(f"missing {key!r} (a non-empty string)")
    return value


def parse_claim(item: object) -> Claim:
    if not isinstance(item, dict):
        raise Reject("a claim must be an object with km, claimed_by, claim and source")
    km = item.get("km")
    if isinstance(km, bool) or not isinstance(km, int | float) or not 0 < km <= 5000:
        raise Reject(f"km {str(km)[:20]!r} is not a range in kilometres (0–5000)")
    return Claim(
        float(km), _text(item, "claimed_by"), _text(item, "claim"), parse_source(item.get("source"))
    )


def parse_range(fid: str, item: object) -> RangeClaim:
    if not isinstance(item, dict):
        raise Reject("a range must be an object")
    low = parse_claim(item)
    higher = parse_claim(item["higher"]) if "higher" in item else None
    if higher is not None and higher.km <= low.km:
        raise Reject(f"the higher claim ({higher.km:g} km) is not higher than {low.km:g} km")
    name = f"{_text(item, 'short')} at {_text(item, 'at')}"
    return RangeClaim(fid, _text(item, "system"), name, low, higher)


def load_ranges(folder: Path, ids: set[str]) -> tuple[list[RangeClaim], list[Problem]]:
    """The claims of ``folder``/ranges.json for deployment ids in ``ids``, and problems."""
    path = folder / RANGES_FILE
    if not path.exists():
        return [], []
    try:
        items = json.loads(path.read_text(encoding="utf-8")).get("ranges")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as exc:
        return [], [Problem(RANGES_FILE, FILE, f"not a readable JSON object: {str(exc)[:120]}")]
    if not isinstance(items, dict):
        return [], [Problem(RANGES_FILE, FILE, 'expected {"ranges": {deployment id: {...}}}')]
    claims, problems = [], []
    for fid, item in items.items():
        try:
            if fid not in ids:
                raise Reject(f"no deployment with id {fid!r}")
            claims.append(parse_range(fid, item))
        except Reject as why:
            problems.append(Problem(RANGES_FILE, fid[:60], str(why)))
    return claims, problems


def ring_coords(
    lon: float, lat: float, km: float, vertices: int = VERTICES
) -> list[tuple[float, float]]:
    """The closed ring of points ``km`` from (lon, lat) on the ellipsoid, as (lon, lat) to
    ``DECIMALS`` places (``pyproj`` gives 15: the map, the site and every download would
    carry 10 digits of nothing)."""
    azimuths = np.linspace(0.0, 360.0, vertices, endpoint=False)
    lons, lats, _ = GEOD.fwd(
        np.full(vertices, lon), np.full(vertices, lat), azimuths, np.full(vertices, km * 1000)
    )
    rounded = (np.round(lons, DECIMALS).tolist(), np.round(lats, DECIMALS).tolist())
    points = list(zip(*rounded, strict=True))
    return [*points, points[0]]


def named_places(layers: list[Layer]) -> list[Place]:
    """The map's named points (settlements, Hokkaido places, Sakhalin sites)."""
    return [
        Place(f.names.display("en"), f.geometry.x, f.geometry.y)
        for layer in layers
        if layer.key in PLACE_LAYERS
        for f in layer.features
        if isinstance(f.geometry, Point)
    ]


def places_inside(
    lon: float, lat: float, km: float, places: list[Place]
) -> list[tuple[str, float]]:
    """(name, geodesic km) of each place within ``km`` of (lon, lat), nearest first."""
    found = [(p.name, GEOD.inv(lon, lat, p.lon, p.lat)[2] / 1000) for p in places]
    return sorted(((name, d) for name, d in found if d <= km), key=lambda row: row[1])


def _claim_line(claim: Claim) -> str:
    source = claim.source
    cited = "" if source.publisher in claim.claimed_by else f"{source.publisher}, "
    return f"{claim.km:g} km, claimed by {claim.claimed_by}: {claim.claim} ({cited}{source.date})"


def ring_facts(
    claim: RangeClaim,
    centre: Feature,
    inside: list[tuple[str, float]],
    ended: PartialDate | None,
) -> tuple[Fact, ...]:
    places = tuple(f"{name} ({km:.0f} km)" for name, km in inside)
    facts = [
        Fact("System", (claim.system,)),
        Fact("Claimed range (conservative)", (_claim_line(claim.conservative),)),
    ]
    if claim.higher is not None:
        facts.append(Fact("Higher claim", (_claim_line(claim.higher),)))
    facts.append(Fact("Named places inside", places or ("none of the map's named places",)))
    where = f"the mapped point of “{centre.names.display('en')}”"
    if centre.approximate:
        where += ", which is approximate (see its popup): so is the ring"
    facts.append(Fact("Centre", (where,)))
    if ended is not None:
        facts.append(Fact("Ended", (f"reported withdrawn {ended}; no ring after {ended.year}",)))
    facts.append(Fact("What the ring is", (RING_NOTE,)))
    return tuple(facts)


def ring_feature(
    claim: RangeClaim, centre: Feature, places: list[Place], ended: PartialDate | None
) -> Feature:
    point = centre.geometry
    assert isinstance(point, Point)  # rings_layer centres rings on point deployments only
    lon, lat = point.x, point.y
    km = claim.conservative.km
    inside = places_inside(lon, lat, km, places)
    sources = [claim.conservative.source]
    if claim.higher is not None and claim.higher.source not in sources:
        sources.append(claim.higher.source)
    cites: tuple[tuple[str, int], ...] = ()
    if ended is not None and (number := centre.cite("ended")) is not None:
        withdrawn = centre.sources[number - 1]  # the deployment's source for its end
        sources += [withdrawn] if withdrawn not in sources else []
        cites = (("ended", sources.index(withdrawn) + 1),)
    names = centre.names
    return Feature(
        layer=RINGS,
        id=f"ring_{claim.fid}",
        geometry=LineString(ring_coords(lon, lat, km)),
        names=Names(
            en=f"{claim.name}: claimed range {km:g} km",
            ru=f"{names.ru}: заявленная дальность {km:g} км" if names.ru else "",
        ),
        sources=tuple(sources),
        date=centre.date,
        facts=ring_facts(claim, centre, inside, ended),
        approximate=centre.approximate,
        ended=ended,
        cites=cites,
    )


def rings_layer(layers: list[Layer], folder: Path) -> Layer | None:
    """The ring layer for the deployments of ``layers`` (None when there are no claims)."""
    deployments = {f.id: f for layer in layers if layer.key == DEPLOYMENTS for f in layer.features}
    if not deployments:
        return None  # nothing to centre a ring on (the deployments layer says why)
    claims, problems = load_ranges(folder, set(deployments))
    if not claims and not problems:
        return None
    places = named_places(layers)
    features = tuple(
        ring_feature(c, deployments[c.fid], places, deployments[c.fid].ended)
        for c in claims
        if deployments[c.fid].geometry.geom_type == "Point"
    )
    return Layer(RING_SPEC, RANGES_FILE, features, tuple(problems))
