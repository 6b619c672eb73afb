"""The classroom tour (``geodata/scenes.json``) and the article's dated events
(``geodata/events.json``), parsed into ``Scene`` and ``Event`` records. Any shape of
JSON gives records or problems, never an exception."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from layers.core.problems import FILE, Problem, Reject
from layers.core.records import Bounds, Event, JSONObject, Layer, PartialDate, Scene
from layers.core.specs import REGION_BBOX
from layers.record.article import Article
from layers.record.citations import parse_cite, parse_quote, parse_source
from layers.record.rings import RINGS

SCENES_FILE = "scenes.json"
EVENTS_FILE = "events.json"


def read_list(path: Path, key: str) -> tuple[list[object], list[Problem]]:
    """The list under ``key`` in a JSON object file, or the problem that stops it."""

    def fail(message: str) -> tuple[list[object], list[Problem]]:
        return [], [Problem(path.name, FILE, message)]

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return fail(f"cannot be read: {exc.strerror}")
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return fail(f"not valid UTF-8 JSON: {str(exc)[:120]}")
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        return fail(f"expected an object {{{key!r}: [...]}}")
    return data[key], []


def _text(item: JSONObject, key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Reject(f"missing {key!r} (a non-empty string)")
    return value


def parse_bounds(value: object) -> Bounds:
    corners: Any = value  # JSON of any shape: unpacked here, its numbers checked below
    try:
        (south, west), (north, east) = corners
    except (TypeError, ValueError) as exc:
        raise Reject("bounds must be [[south, west], [north, east]]") from exc
    numbers = (south, west, north, east)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers) or not all(
        math.isfinite(v) for v in numbers
    ):
        raise Reject("bounds must be [[south, west], [north, east]] in degrees")
    rw, rs, re_, rn = REGION_BBOX
    if not (south < north and west < east):
        raise Reject(f"bounds {value} are empty or inverted: want [[south, west], [north, east]]")
    if not (rs <= south and north <= rn and rw <= west and east <= re_):
        raise Reject(f"bounds {value} leave the map region {REGION_BBOX}")
    if north - south < 0.2 or east - west < 0.2:
        raise Reject(f"bounds {value} are smaller than 0.2°: zoom that far is not useful")
    return (float(south), float(west)), (float(north), float(east))


def _highlights(
    item: JSONObject, shown: frozenset[str], ids: dict[str, set[str]]
) -> frozenset[tuple[str, str]]:
    marks = item.get("highlight") or []
    if not isinstance(marks, list) or not all(isinstance(m, dict) for m in marks):
        raise Reject('highlight must be a list of {"layer": …, "id": …}')
    pairs = frozenset((m.get("layer"), m.get("id")) for m in marks)
    for layer, fid in pairs:
        if layer not in shown:
            raise Reject(f"highlighted {layer}/{fid} is on a layer the scene does not show")
        if fid not in ids.get(layer, set()):
            raise Reject(f"highlighted feature {layer}/{fid} does not exist")
    return pairs


def ring_layers(item: JSONObject, ids: dict[str, set[str]]) -> list[str]:
    """``"rings": true`` shows the claimed-range rings (when there are any)."""
    rings = item.get("rings", False)
    if not isinstance(rings, bool):
        raise Reject('"rings" must be true or false')
    return [RINGS] if rings and RINGS in ids else []


def parse_scene(item: object, article: Article, ids: dict[str, set[str]]) -> Scene:
    """A scene object as a ``Scene``; ``ids`` maps each loaded layer to its feature ids."""
    if not isinstance(item, dict):
        raise Reject("scene must be an object")
    quotes = item.get("quotes")
    if not isinstance(quotes, list) or not 1 <= len(quotes) <= 2:
        raise Reject('a scene shows one or two quotes: "quotes": [{"quote": …, "paragraph": …}]')
    layers = item.get("layers")
    if not isinstance(layers, list) or not layers or not all(isinstance(k, str) for k in layers):
        raise Reject('missing "layers": a list of layer keys')
    layers = [*layers, *ring_layers(item, ids)]
    for key in layers:
        if key not in ids:
            raise Reject(f"layer {key!r} is not loaded (no geodata/{key}.geojson)")
    return Scene(
        id=_text(item, "id"),
        title=_text(item, "title"),
        caption=_text(item, "caption"),
        quotes=tuple(parse_quote(q, article) for q in quotes),
        bounds=parse_bounds(item.get("bounds")),
        layers=frozenset(layers),
        highlight=_highlights(item, frozenset(layers), ids),
    )


def _label(kind: str, index: int, item: object) -> str:
    fid = item.get("id") if isinstance(item, dict) else None
    return f"{kind} {index} ({fid[:60]})" if isinstance(fid, str) else f"{kind} {index}"


def load_scenes(
    article: Article, layers: list[Layer], folder: Path
) -> tuple[list[Scene], list[Problem]]:
    items, problems = read_list(folder / SCENES_FILE, "scenes")
    ids = {layer.key: {f.id for f in layer.features} for layer in layers if layer.features}
    scenes: list[Scene] = []
    for index, item in enumerate(items):
        try:
            scene = parse_scene(item, article, ids)
            if scene.id in {s.id for s in scenes}:
                raise Reject(f"duplicate scene id {scene.id!r}")
        except Reject as why:
            problems.append(Problem(SCENES_FILE, _label("scene", index, item), str(why)))
            continue
        scenes.append(scene)
    if not scenes and not problems:
        problems.append(Problem(SCENES_FILE, FILE, "no scenes: expected {'scenes': [...]}"))
    return scenes, problems


def parse_event(item: object, article: Article) -> Event:
    if not isinstance(item, dict):
        raise Reject("event must be an object")
    date = PartialDate.parse(item.get("date"))
    if date is None:
        raise Reject(f"date {str(item.get('date'))[:40]!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    event_id, title = _text(item, "id"), _text(item, "title")
    quote = parse_quote(item.get("quote"), article)
    sources = item.get("sources", [])
    if not isinstance(sources, list):
        raise Reject("'sources' must be a list")
    parsed = tuple(parse_source(source) for source in sources)
    cite = None
    if "date_source" in item:
        _, cite = parse_cite("date", item["date_source"], item, len(parsed))
    note = item.get("note", "")
    if not isinstance(note, str):
        raise Reject("'note' must be text")
    return Event(event_id, date, title, quote, parsed, cite, note)


def load_events(article: Article, folder: Path) -> tuple[list[Event], list[Problem]]:
    items, problems = read_list(folder / EVENTS_FILE, "events")
    events: list[Event] = []
    for index, item in enumerate(items):
        try:
            events.append(parse_event(item, article))
        except Reject as why:
            problems.append(Problem(EVENTS_FILE, _label("event", index, item), str(why)))
    return sorted(events, key=lambda e: e.date), problems
