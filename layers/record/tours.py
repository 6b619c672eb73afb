"""A reader's own tour as a file: the schema of ``geodata/scenes.json`` (an object with
``scenes``, optionally ``title`` and ``about``), read as untrusted input and written back.

Reading never raises and never opens another file: the bytes are checked against the limits
(``LIMITS``), then each scene is parsed with the shipped tour's rules (``layers.record.scenes``),
except that what does not fit a scene is dropped from it and named (an unknown layer or
feature, a quote not verbatim in the article, a title too long) and the rest of the scene
loads; only a scene without a usable view or layer is left out, and named.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from layers.core.problems import FILE, Problem, Reject
from layers.core.records import LANGUAGES, JSONObject, Mark, Quote, Scene
from layers.record.article import Article
from layers.record.atlas import Atlas
from layers.record.citations import parse_quote
from layers.record.marks import marks_geojson, parse_marks
from layers.record.rings import RINGS
from layers.record.scenes import parse_bounds
from layers.record.tour_compare import YEARS, compare_json, parse_compare

MAX_SCENES = 50
MAX_TITLE = 120  # characters, a scene's or the tour's
MAX_CAPTION = 2000
MAX_ABOUT = 2000
MAX_QUOTES = 2
MAX_FILE_BYTES = 1_000_000
MAX_ID = 60
TOUR_FILE = "tour file"  # the ``file`` of a problem, when the file has no name
SUFFIX = ".json"
_ID = re.compile(r"^[A-Za-z0-9_-]{1,60}$")  # safe in an address and as a file name
_NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Tour:
    scenes: tuple[Scene, ...]
    title: str = ""
    about: str = ""


def with_tour(atlas: Atlas, tour: Tour | None) -> Atlas:
    """``atlas`` showing ``tour`` (None: the shipped one): the one way a reader's tour
    reaches the page, the presenter, the handout, the site and any later export."""
    if tour is None:
        return atlas
    return replace(
        atlas,
        scenes=tour.scenes,
        scene_problems=(),
        tour_title=tour.title,
        tour_about=tour.about,
    )


def scene_id(title: str, taken: set[str]) -> str:
    """An id for a scene called ``title``: lower-case letters, digits and hyphens, not in
    ``taken`` (safe in an address and as a file name)."""
    stem = _NOT_ID.sub("-", title.lower()).strip("-")[: MAX_ID - 4] or "scene"
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def _limited(item: JSONObject, key: str, limit: int, notes: list[str], needed: bool) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise Reject(f"{key!r} must be text")
    if needed and not value.strip():
        raise Reject(f"missing {key!r} (a non-empty string)")
    if len(value) > limit:
        notes.append(f"{key} cut to {limit} characters (it had {len(value)})")
        value = value[:limit]
    return value


def _quotes(item: JSONObject, article: Article, notes: list[str]) -> tuple[Quote, ...]:
    given = item.get("quotes", [])
    if not isinstance(given, list):
        notes.append('"quotes" dropped: it must be a list of {"quote": …, "paragraph": …}')
        return ()
    quotes = []
    for raw in given[:MAX_QUOTES]:
        try:
            quotes.append(parse_quote(raw, article))
        except Reject as why:
            notes.append(f"quote dropped: {why}")
    if len(given) > MAX_QUOTES:
        notes.append(f"{len(given) - MAX_QUOTES} quote(s) dropped: a scene shows at most two")
    return tuple(quotes)


def _layers(item: JSONObject, ids: dict[str, set[str]], notes: list[str]) -> frozenset[str]:
    given = item.get("layers")
    if not isinstance(given, list) or not all(isinstance(key, str) for key in given):
        raise Reject('missing "layers": a list of layer keys')
    kept = [key for key in given if key in ids]
    for key in sorted(set(given) - set(kept)):
        notes.append(f"layer {key[:60]!r} dropped: no such layer is loaded")
    rings = item.get("rings", False)
    if rings is True and RINGS in ids:
        kept.append(RINGS)
    elif not isinstance(rings, bool):
        notes.append('"rings" ignored: it must be true or false')
    if not kept:
        raise Reject("shows no layer that is loaded")
    return frozenset(kept)


def _highlights(
    item: JSONObject, shown: frozenset[str], ids: dict[str, set[str]], notes: list[str]
) -> frozenset[tuple[str, str]]:
    marks = item.get("highlight", [])
    if not isinstance(marks, list):
        notes.append('"highlight" dropped: it must be a list of {"layer": …, "id": …}')
        return frozenset()
    kept = set()
    for mark in marks:
        layer = mark.get("layer") if isinstance(mark, dict) else None
        fid = mark.get("id") if isinstance(mark, dict) else None
        if isinstance(layer, str) and layer in shown and fid in ids.get(layer, set()):
            kept.add((layer, str(fid)))
        else:
            why = "no such feature" if layer in shown else "its layer is not shown"
            notes.append(f"highlight {str(layer)[:40]}/{str(fid)[:40]} dropped: {why}")
    return frozenset(kept)


def _option(item: JSONObject, key: str, notes: list[str]) -> bool | None:
    value = item.get(key)
    if value is None or isinstance(value, bool):
        return value
    notes.append(f'"{key}" ignored: it must be true or false')
    return None


def _year(item: JSONObject, notes: list[str]) -> int | None:
    value = item.get("year")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and YEARS[0] <= value <= YEARS[1]:
        return value
    notes.append(f'"year" ignored: it must be a year {YEARS[0]}–{YEARS[1]}')
    return None


def _lang(item: JSONObject, notes: list[str]) -> str | None:
    value = item.get("lang")
    if isinstance(value, str) and value in LANGUAGES:
        return value
    if value is not None:
        notes.append(f'"lang" ignored: it must be one of {", ".join(LANGUAGES)}')
    return None


def tour_scene(
    item: object, article: Article, ids: dict[str, set[str]], taken: set[str]
) -> tuple[Scene, list[str]]:
    """A scene object of a tour file as a ``Scene`` and what was dropped from it; raises
    ``Reject`` when nothing sensible is left (no title, no view, no loaded layer)."""
    if not isinstance(item, dict):
        raise Reject("scene must be an object")
    notes: list[str] = []
    title = _limited(item, "title", MAX_TITLE, notes, needed=True)
    raw_id = item.get("id")
    sid = raw_id if isinstance(raw_id, str) and _ID.match(raw_id) else scene_id(title, taken)
    if raw_id is not None and sid != raw_id:
        notes.append(f"id {str(raw_id)[:60]!r} replaced by {sid!r} (letters, digits, - and _)")
    elif sid in taken:
        sid = scene_id(sid, taken)
        notes.append(f"duplicate id {raw_id!r} replaced by {sid!r}")
    layers = _layers(item, ids, notes)
    scene = Scene(
        id=sid,
        title=title,
        caption=_limited(item, "caption", MAX_CAPTION, notes, needed=False),
        quotes=_quotes(item, article, notes),
        bounds=parse_bounds(item.get("bounds")),
        layers=layers,
        highlight=_highlights(item, layers, ids, notes),
        year=_year(item, notes),
        labels=_option(item, "labels", notes),
        distances=_option(item, "distances", notes),
        lang=_lang(item, notes),
        compare=parse_compare(item, notes),
        marks=_marks(item, notes),
    )
    return scene, notes


def _marks(item: JSONObject, notes: list[str]) -> tuple[Mark, ...]:
    """A scene's own marks (GeoJSON features, untrusted: ``layers.record.marks``)."""
    marks, dropped = parse_marks(item.get("marks"))
    notes.extend(f'"marks": {reason}' for reason in dropped)
    return marks


def _name(index: int, item: object) -> str:
    """How a problem names a scene: its number, and its id or title when it has one."""
    given = [item.get(key) for key in ("id", "title")] if isinstance(item, dict) else []
    label = next((value for value in given if isinstance(value, str) and value.strip()), None)
    return f"scene {index + 1} ({label[:60]})" if label else f"scene {index + 1}"


def parse_tour(
    data: object, article: Article, ids: dict[str, set[str]], name: str = TOUR_FILE
) -> tuple[Tour, list[Problem]]:
    """A decoded tour file as a ``Tour`` (possibly empty) and every problem, by scene."""
    if not isinstance(data, dict) or not isinstance(data.get("scenes"), list):
        return Tour(()), [Problem(name, FILE, 'expected an object {"scenes": [...]}')]
    problems: list[Problem] = []
    notes: list[str] = []
    title = _limited(data, "title", MAX_TITLE, notes, False) if _is_text(data, "title") else ""
    about = _limited(data, "about", MAX_ABOUT, notes, False) if _is_text(data, "about") else ""
    problems += [Problem(name, FILE, note) for note in notes]
    items: list[object] = data["scenes"]
    if len(items) > MAX_SCENES:
        message = f"{len(items) - MAX_SCENES} scene(s) after the first {MAX_SCENES} left out"
        problems.append(Problem(name, FILE, message))
    scenes: list[Scene] = []
    for index, item in enumerate(items[:MAX_SCENES]):
        try:
            scene, dropped = tour_scene(item, article, ids, {s.id for s in scenes})
        except Reject as why:
            problems.append(
                Problem(name, _name(index, item), f"scene left out: {why}", skipped=True)
            )
            continue
        scenes.append(scene)
        problems += [Problem(name, _name(index, item), note) for note in dropped]
    return Tour(tuple(scenes), title, about), problems


def _is_text(data: JSONObject, key: str) -> bool:
    return isinstance(data.get(key), str)


def read_tour(
    raw: bytes, article: Article, ids: dict[str, set[str]], name: str = TOUR_FILE
) -> tuple[Tour, list[Problem]]:
    """The bytes of a tour file (an upload, an address, a file on disk) as a ``Tour``."""
    if len(raw) > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // 1000} kB"
        return Tour(()), [
            Problem(name, FILE, f"is {len(raw) // 1000} kB: a tour file is ≤ {limit}")
        ]
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return Tour(()), [Problem(name, FILE, f"not valid UTF-8 JSON: {str(exc)[:120]}")]
    return parse_tour(data, article, ids, name)


def layer_ids(atlas: Atlas) -> dict[str, set[str]]:
    """Each loaded layer's key and its feature ids: what a scene may show and highlight."""
    return {layer.key: {f.id for f in layer.features} for layer in atlas.layers if layer.features}


def scene_json(scene: Scene) -> JSONObject:
    """``scene`` in the schema of ``geodata/scenes.json`` (``tour_scene`` reads it back)."""
    (south, west), (north, east) = scene.bounds
    item: JSONObject = {
        "id": scene.id,
        "title": scene.title,
        "caption": scene.caption,
        "quotes": [{"quote": q.text, "paragraph": q.paragraph} for q in scene.quotes],
        "bounds": [[south, west], [north, east]],
        "layers": sorted(scene.layers - {RINGS}),
        "highlight": [{"layer": layer, "id": fid} for layer, fid in sorted(scene.highlight)],
    }
    if RINGS in scene.layers:
        item["rings"] = True
    for key, value in (("year", scene.year), ("labels", scene.labels)):
        if value is not None:
            item[key] = value
    if scene.distances is not None:
        item["distances"] = scene.distances
    if scene.lang is not None:
        item["lang"] = scene.lang
    if scene.marks:
        item["marks"] = marks_geojson(scene.marks)["features"]
    return item | compare_json(scene)


def tour_json(tour: Tour) -> JSONObject:
    data: JSONObject = {"title": tour.title} if tour.title else {}
    if tour.about:
        data["about"] = tour.about
    data["scenes"] = [scene_json(scene) for scene in tour.scenes]
    return data


def tour_bytes(tour: Tour, compact: bool = False) -> bytes:
    """The tour file: UTF-8 JSON (``compact``: no spaces, for an address)."""
    if compact:
        return json.dumps(tour_json(tour), ensure_ascii=False, separators=(",", ":")).encode()
    return json.dumps(tour_json(tour), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def moved(scenes: Sequence[Scene], index: int, offset: int) -> tuple[Scene, ...]:
    """``scenes`` with the one at ``index`` moved by ``offset`` (kept within the tour)."""
    order = list(scenes)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return tuple(order)
