"""The classroom tour (``geodata/scenes.json``) and the article's dated events
(``geodata/events.json``): loaded and checked like the layers, problems not exceptions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from layers.article import Article
from layers.loading import LoadedLayer
from layers.paths import geodata_dir
from layers.specs import REGION_BBOX
from layers.validate import Problem, parse_date

SCENES_FILE = "scenes.json"
EVENTS_FILE = "events.json"
Bounds = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Scene:
    id: str
    title: str
    caption: str
    quotes: tuple[dict, ...]
    bounds: Bounds
    layers: frozenset[str]
    highlight: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    title: str
    quote: dict
    year: int


def _read(path: Path) -> tuple[dict | None, Problem | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return None, Problem(path.name, "(file)", f"cannot be read: {exc.strerror}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, Problem(path.name, "(file)", f"not valid UTF-8 JSON: {exc}")
    return data, None


def _bounds_problem(bounds: object) -> str | None:
    try:
        (south, west), (north, east) = bounds  # type: ignore[misc]
        south, west, north, east = (float(v) for v in (south, west, north, east))
    except (TypeError, ValueError):
        return "bounds must be [[south, west], [north, east]]"
    rw, rs, re_, rn = REGION_BBOX
    if not (south < north and west < east):
        return f"bounds {bounds} are empty or inverted: want [[south, west], [north, east]]"
    if not (rs <= south and north <= rn and rw <= west and east <= re_):
        return f"bounds {bounds} leave the map region {REGION_BBOX}"
    if north - south < 0.2 or east - west < 0.2:
        return f"bounds {bounds} are smaller than 0.2°: zoom that far is not useful"
    return None


def check_scene(item: object, article: Article, features: dict[str, set[str]]) -> list[str]:
    """Why a scene object is wrong; ``features`` maps each loaded layer to its feature ids."""
    if not isinstance(item, dict):
        return ["scene must be an object"]
    problems = [
        f"missing {key!r}"
        for key in ("id", "title", "caption", "quotes", "bounds", "layers")
        if not item.get(key)
    ]
    quotes = item.get("quotes") or []
    if not 1 <= len(quotes) <= 2:
        problems.append(f"a scene shows one or two quotes, not {len(quotes)}")
    for quote in quotes:
        why = article.quote_problem(quote.get("quote"), quote.get("paragraph"))
        if why:
            problems.append(why)
    why = _bounds_problem(item.get("bounds"))
    if why:
        problems.append(why)
    for layer in item.get("layers") or []:
        if layer not in features:
            problems.append(f"layer {layer!r} is not loaded (no geodata/{layer}.geojson)")
    for mark in item.get("highlight") or []:
        layer, fid = mark.get("layer"), mark.get("id")
        if layer not in (item.get("layers") or []):
            problems.append(f"highlighted {layer}/{fid} is on a layer the scene does not show")
        elif fid not in features.get(layer, set()):
            problems.append(f"highlighted feature {layer}/{fid} does not exist")
    return problems


def load_scenes(
    article: Article, layers: list[LoadedLayer], folder: Path | None = None
) -> tuple[list[Scene], list[Problem]]:
    data, problem = _read((folder or geodata_dir()) / SCENES_FILE)
    if problem:
        return [], [problem]
    features = {
        layer.spec.key: {f["properties"].get("id") for f in layer.features}
        for layer in layers
        if layer.features
    }
    scenes, problems, seen = [], [], set()
    for index, item in enumerate(data.get("scenes") or []):
        label = f"scene {index} ({item.get('id')})" if isinstance(item, dict) else f"scene {index}"
        messages = check_scene(item, article, features)
        if isinstance(item, dict) and item.get("id") in seen:
            messages.append(f"duplicate scene id {item['id']!r}")
        problems += [Problem(SCENES_FILE, label, m) for m in messages]
        if messages:
            continue
        seen.add(item["id"])
        (south, west), (north, east) = item["bounds"]
        scenes.append(
            Scene(
                id=item["id"],
                title=item["title"],
                caption=item["caption"],
                quotes=tuple(item["quotes"]),
                bounds=((south, west), (north, east)),
                layers=frozenset(item["layers"]),
                highlight=frozenset((m["layer"], m["id"]) for m in item.get("highlight") or []),
            )
        )
    if not scenes and not problems:
        problems.append(Problem(SCENES_FILE, "(file)", "no scenes: expected {'scenes': [...]}"))
    return scenes, problems


def load_events(article: Article, folder: Path | None = None) -> tuple[list[Event], list[Problem]]:
    data, problem = _read((folder or geodata_dir()) / EVENTS_FILE)
    if problem:
        return [], [problem]
    events, problems = [], []
    for index, item in enumerate(data.get("events") or []):
        label = f"event {index} ({item.get('id')})"
        date = parse_date(item.get("date"))
        quote = item.get("quote") or {}
        messages = [] if date else [f"date {item.get('date')!r} is not YYYY, YYYY-MM or YYYY-MM-DD"]
        why = article.quote_problem(quote.get("quote"), quote.get("paragraph"))
        messages += [why] if why else []
        messages += [] if item.get("title") else ["missing 'title'"]
        problems += [Problem(EVENTS_FILE, label, m) for m in messages]
        if not messages:
            events.append(Event(item["id"], item["date"], item["title"], quote, date.year))
    return sorted(events, key=lambda e: e.date), problems
