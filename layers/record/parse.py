"""Parse a layer's GeoJSON into typed ``Feature`` records: parse, don't validate.

Bytes become a FeatureCollection (``decode_collection``); each feature becomes a
``Feature`` or the ``Problem``s that stop it (``parse_collection``). Geometry is built
once and dates parsed once, here. The same schema for names, quotes and sources applies
to every layer, registered or not, shipped or uploaded; nothing here raises on any input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypedDict, TypeVar, overload

from shapely.geometry.base import BaseGeometry

from layers.core.problems import FILE, Problem, Reject
from layers.core.records import (
    UNDATED,
    Fact,
    Feature,
    JSONObject,
    Names,
    PartialDate,
    Placement,
    Quote,
    Source,
)
from layers.core.specs import Field, LayerSpec
from layers.record.article import Article
from layers.record.citations import (
    SourceDateReject,
    cited_fields,
    parse_cite,
    parse_quote,
    parse_source,
    quote_objects,
)
from layers.record.facts import fact_rows
from layers.record.geometry import finite, in_region, parse_geometry
from layers.record.placement import parse_placement

MAX_FILE_BYTES = 10 * 1024 * 1024
NAME_KEYS = {"en": "name_en", "ja": "name_ja", "ja_romaji": "name_ja_romaji", "ru": "name_ru"}
FALLBACK_NAME_KEYS = ("name", "Name", "title", "id")

T = TypeVar("T")
V = TypeVar("V")


class _Dates(TypedDict):
    date: PartialDate | None
    began: PartialDate | None
    ended: PartialDate | None
    reported: PartialDate | None
    reported_by: str


class FeatureFields(_Dates):
    """A ``Feature``'s keyword arguments but layer, id and geometry."""

    names: Names
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    cites: tuple[tuple[str, int], ...]
    facts: tuple[Fact, ...]
    style_key: str
    label_anchor: tuple[float, float] | None
    approximate: bool
    placement: Placement


def size_problem(name: str, size: int) -> Problem | None:
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        name,
        FILE,
        f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit: "
        "simplify or clip it (see layers/build/geodata.py) before adding it",
    )


def decode_collection(name: str, raw: bytes) -> tuple[JSONObject | None, list[Problem]]:
    """Bytes to a FeatureCollection dict, or the file-level problem that stops it."""

    def fail(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, FILE, message)]

    too_big = size_problem(name, len(raw))
    if too_big:
        return None, [too_big]
    if not raw.strip():
        return fail("file is empty: expected a GeoJSON FeatureCollection")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 text (bad byte at offset {exc.start}): save the file as UTF-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return fail(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number; nesting too deep
        return fail(f"not usable JSON: {str(exc)[:120]}")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        return fail(f"not GeoJSON: expected a FeatureCollection at the top level, got {got!r}")
    if not isinstance(data.get("features"), list):
        return fail("not GeoJSON: 'features' must be a list")
    return data, []


def feature_label(index: int, feature: object) -> str:
    """ "feature 3 (Nemuro)": its index, and a name if it has one, for messages."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    keys = ("name_en", *FALLBACK_NAME_KEYS)
    names = [props.get(k) for k in keys] if isinstance(props, dict) else []
    name = next((n for n in names if isinstance(n, str) and n.strip()), None)
    return f"feature {index} ({name[:80]})" if name else f"feature {index}"


def parse_value(value: object, field: Field) -> object:
    """``value`` as ``field.kind`` wants it (a ``PartialDate`` for dates); ``Reject`` if not."""
    kind = field.kind
    if kind == "str" and not (isinstance(value, str) and value.strip()):
        raise Reject("must be a non-empty string")
    if kind in {"int", "year"} and (isinstance(value, bool) or not isinstance(value, int)):
        raise Reject(
            "must be an integer"
            if kind == "int"
            else f"must be a year as an integer, got {str(value)[:40]}"
        )
    if kind == "number" and not finite(value):
        raise Reject("must be a number")
    if kind == "bool" and not isinstance(value, bool):
        raise Reject("must be true or false")
    if kind in {"quotes", "sources", "list"} and not isinstance(value, list):
        raise Reject("must be a list")
    if kind == "date":
        parsed = PartialDate.parse(value)
        if parsed is None:
            raise Reject(f"must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {str(value)[:40]!r}")
        return parsed
    return value


def _names(props: JSONObject) -> Names:
    def text(key: str) -> str:
        value = props.get(key)
        return value if isinstance(value, str) else ""

    fallback = next((text(k) for k in FALLBACK_NAME_KEYS if text(k).strip()), "")
    return Names(
        **{attr: text(key) for attr, key in NAME_KEYS.items()},
        ru_latin=text("name_ru_latin"),
        label_en=text("label_en"),
        fallback=fallback,
    )


def _anchor(value: object) -> tuple[float, float] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(finite(v) for v in value)):
        raise Reject("property 'label_anchor' must be [longitude, latitude]")
    if not in_region(*value):
        raise Reject(f"property 'label_anchor' {value} lies outside the map region")
    return float(value[0]), float(value[1])


def _checked_fields(props: JSONObject, spec: LayerSpec) -> tuple[dict[str, object], list[Problem]]:
    """The spec's fields as parsed values, and a problem (with its field) for each misfit."""
    values: dict[str, object] = {}
    problems = []
    for field in spec.fields:
        if props.get(field.name) is None:
            if field.required:
                problems.append(Problem("", "", f"missing property {field.name!r}", field.name))
            continue
        try:
            values[field.name] = parse_value(props[field.name], field)
        except Reject as why:
            problems.append(Problem("", "", f"property {field.name!r} {why}", field.name))
    return values, problems


def _collect(
    parse: Callable[[object], T], items: object, field: str, problems: list[Problem]
) -> tuple[T, ...]:
    """Parse each item of a list property, adding a problem for each that does not fit."""
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.append(Problem("", "", f"property {field!r} must be a list", field))
        return ()
    parsed: list[T] = []
    for item in items:
        try:
            parsed.append(parse(item))
        except Reject as why:
            problems.append(Problem("", "", str(why), field))
    return tuple(parsed)


def _source(item: object, problems: list[Problem]) -> Source:
    """A source; one whose date does not fit keeps its publisher and title (they still say
    where a fact comes from), is shown undated, and its date is named as a problem."""
    try:
        return parse_source(item)
    except SourceDateReject as why:
        problems.append(Problem("", "", f"{why}; shown as undated", "sources"))
        assert isinstance(item, dict)  # only an object with publisher and title gets here
        return parse_source({**item, "date": UNDATED})


def _approximate_problems(props: JSONObject) -> list[Problem]:
    location = props.get("location_source")
    if props.get("approximate") is True and not any(
        word in str(location).lower() for word in ("approximate", "schematic")
    ):
        message = "approximate feature: its location_source must say how approximate"
        return [Problem("", "", message, "location_source")]
    return []


def _cites(
    props: JSONObject, spec: LayerSpec, count: int, problems: list[Problem]
) -> tuple[tuple[str, int], ...]:
    """(field, source number) for each ``F_source`` of a registered layer's feature."""
    if not spec.fields:
        return ()
    cites = []
    for stem, value in cited_fields(props):
        try:
            cites.append(parse_cite(stem, value, props, count))
        except Reject as why:
            problems.append(Problem("", "", str(why), stem + "_source"))
    return tuple(cites)


@overload
def _attempt(
    parse: Callable[[V], T], value: V, field: str, problems: list[Problem]
) -> T | None: ...
@overload
def _attempt(
    parse: Callable[[V], T], value: V, field: str, problems: list[Problem], default: T
) -> T: ...
def _attempt(
    parse: Callable[[V], T],
    value: V,
    field: str,
    problems: list[Problem],
    default: T | None = None,
) -> T | None:
    """``parse(value)``, or ``default`` and a problem naming ``field`` when it does not fit."""
    try:
        return parse(value)
    except Reject as why:
        problems.append(Problem("", "", str(why), field))
        return default


def _date(values: dict[str, object], key: str | None) -> PartialDate | None:
    """The parsed date of field ``key`` (a date field's value is a ``PartialDate``)."""
    value = values.get(key) if key else None
    return value if isinstance(value, PartialDate) else None


def _dates(values: dict[str, object], spec: LayerSpec) -> _Dates:
    """The three dates, and the timeline's start: began, else reported, else the spec's
    ``date_field`` (a history line's date)."""
    began, reported = _date(values, "began"), _date(values, "reported")
    start = began or reported or _date(values, spec.date_field)
    by = values.get("reported_by")  # the property, checked as a non-empty string
    return {
        "date": start,
        "began": began,
        "ended": _date(values, "ended"),
        "reported": reported,
        "reported_by": by if isinstance(by, str) else "",
    }


def parse_properties(
    props: JSONObject, spec: LayerSpec, article: Article
) -> tuple[FeatureFields, list[Problem]]:
    """Keyword arguments of a ``Feature`` (all but geometry), and the problems found."""
    values, problems = _checked_fields(props, spec)
    quotes = _collect(lambda q: parse_quote(q, article), props.get("quotes"), "quotes", problems)
    sources = _collect(lambda s: _source(s, problems), props.get("sources"), "sources", problems)
    for item in quote_objects({k: v for k, v in props.items() if k != "quotes"}):
        _attempt(lambda q: parse_quote(q, article), item, "quote", problems)
    problems += _approximate_problems(props)
    anchor = _attempt(_anchor, props.get("label_anchor"), "label_anchor", problems)
    placement = Placement()  # an unregistered or uploaded layer is not checked for it
    if spec.fields:
        placement = _attempt(parse_placement, props, "placement", problems, placement)
    style_key = props.get(spec.style_by) if spec.style_by else ""
    return {
        "names": _names(props),
        "quotes": quotes,
        "sources": sources,
        **_dates(values, spec),
        "cites": _cites(props, spec, len(sources), problems),
        "facts": fact_rows(spec, props),
        "style_key": style_key if isinstance(style_key, str) else "",
        "label_anchor": anchor,
        "approximate": props.get("approximate") is True,
        "placement": placement,
    }, problems


def parse_feature(
    index: int, raw: object, spec: LayerSpec, article: Article
) -> tuple[Feature | None, list[Problem]]:
    """One GeoJSON feature as a ``Feature`` and what did not fit (problems without file or
    label): a property that does not fit is left out of the feature and named; only a
    geometry that cannot be drawn keeps the feature off the map (None)."""
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        return None, [Problem("", "", "not a GeoJSON Feature")]
    problems: list[Problem] = []
    geometry: BaseGeometry | None
    try:
        geometry = parse_geometry(raw.get("geometry"), spec)
    except Reject as why:
        problems.append(Problem("", "", str(why), "geometry"))
        geometry = None
    props = raw.get("properties")
    if props is None and not spec.fields:
        props = {}
    if not isinstance(props, dict):
        problems.append(Problem("", "", "properties must be an object", "properties"))
        props = {}
    values, more = parse_properties(props, spec, article)
    problems += more
    if geometry is None:  # the one misfit that keeps a feature off the map
        return None, problems
    fid = props.get("id")
    fid = fid if isinstance(fid, str) and fid.strip() else str(index)
    return Feature(layer=spec.key, id=fid, geometry=geometry, **values), problems


def parse_collection(
    name: str, data: JSONObject, spec: LayerSpec, article: Article
) -> tuple[tuple[Feature, ...], list[Problem]]:
    """A FeatureCollection's features that can be drawn, and a named problem for each misfit
    (``skipped`` when it kept its feature off the map)."""
    good: list[Feature] = []
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    for index, raw in enumerate(data["features"]):
        label = feature_label(index, raw)
        feature, found = parse_feature(index, raw, spec, article)
        if feature is not None and feature.id in seen_ids:
            found = [*found, Problem("", "", f"duplicate id {feature.id!r}", "id")]
            feature = None
        skipped = feature is None
        problems += [Problem(name, label, p.message, p.field, skipped) for p in found]
        if feature is not None:
            seen_ids.add(feature.id)
            good.append(feature)
    if not data["features"]:
        problems.append(Problem(name, FILE, "FeatureCollection has no features"))
    return tuple(good), problems
