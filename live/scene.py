"""A published scene, checked as untrusted input: what followers' browsers are handed.

The presenter's page publishes on the server (trusted), but the publish route takes a body
from the network: whatever reaches a follower passes ``checked_scene`` first — known keys
only, each of its type and size — so a follower's page gets nothing it does not expect.
Text stays text: the follower page puts it on screen with ``textContent``.
"""

from __future__ import annotations

import math
from typing import Any

from layers.record.marks import mark_feature, parse_marks

MAX_BODY = 128 * 1024  # bytes of a publish request: a scene's state is a few kB (50 marks ~40)
MAX_TEXT = 4000  # characters of a title, caption or quote
MAX_QUOTES = 20
MAX_ITEMS = 200  # layers, highlights
MAX_PLACE = 48 * 1024  # characters of the label placement, as JSON


class BadScene(ValueError):
    """The body is not a scene; the message says what is wrong."""


def _text(value: Any, name: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise BadScene(f"{name}: text of at most {limit} characters")
    return value


def _optional_text(value: Any, name: str) -> str | None:
    return None if value is None else _text(value, name)


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise BadScene(f"{name}: a whole number 0-100000")
    return value


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise BadScene(f"{name}: true or false")
    return value


def _texts(value: Any, name: str, width: int | None = None) -> list[Any]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise BadScene(f"{name}: a list of at most {MAX_ITEMS}")
    if width is None:
        return [_text(item, name, 200) for item in value]
    if not all(isinstance(item, list) and len(item) == width for item in value):
        raise BadScene(f"{name}: a list of [{width} texts]")
    return [[_text(part, name, 200) for part in item] for item in value]


def _bounds(value: Any) -> list[list[float]]:
    try:
        (south, west), (north, east) = value
        corners = [[float(south), float(west)], [float(north), float(east)]]
    except (TypeError, ValueError) as exc:
        raise BadScene("fit.bounds: [[south, west], [north, east]]") from exc
    if not all(math.isfinite(x) and abs(x) <= 360 for pair in corners for x in pair):
        raise BadScene("fit.bounds: finite degrees")
    return corners


def _fit(fit: dict[str, Any]) -> dict[str, Any]:
    """The view to fit: the frame, and the subject a narrow map (a phone) fits instead."""
    checked: dict[str, Any] = {
        "bounds": _bounds(fit.get("bounds")),
        "move": _text(fit.get("move"), "move"),
    }
    if "subject" in fit:
        checked["subject"] = _bounds(fit["subject"])
        checked["narrow"] = _count(fit.get("narrow"), "fit.narrow")
    return checked


def _compare(value: Any) -> dict[str, Any] | None:
    """Two years side by side (``layers.web.steering.Compare``), or None."""
    if value is None:
        return None
    years, names = (value.get("years"), value.get("names")) if isinstance(value, dict) else (0, 0)
    if not (isinstance(years, list) and isinstance(names, list) and len(years) == len(names) == 2):
        raise BadScene("compare: {years: [left, right], names: [left, right]}")
    return {
        "years": [None if year is None else _count(year, "compare.years") for year in years],
        "names": [_text(name, "compare.names", 16) for name in names],
    }


def _marks(value: Any) -> list[dict[str, Any]]:
    """The presenter's marks, parsed as any reader's are (``layers.record.marks``)."""
    marks, _dropped = parse_marks(value or [])
    return [mark_feature(mark) for mark in marks]


def _place(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or len(repr(value)) > MAX_PLACE:
        raise BadScene(f"place: an object of at most {MAX_PLACE} characters")
    return value


def checked_state(value: Any) -> dict[str, Any]:
    """The map's state (``layers.web.steering.ClientState``), key by key."""
    if not isinstance(value, dict):
        raise BadScene("state: an object")
    fit = value.get("fit")
    if not isinstance(fit, dict):
        raise BadScene("state.fit: an object")
    year = value.get("year")
    if year is not None:
        year = _count(year, "year")
    focus = value.get("focus")
    return {
        "layers": _texts(value.get("layers"), "layers"),
        "year": year,
        "labels": _flag(value.get("labels"), "labels"),
        "distances": _flag(value.get("distances"), "distances"),
        "lang": _text(value.get("lang"), "lang", 8),
        "highlight": _texts(value.get("highlight"), "highlight", 2),
        "title": _text(value.get("title"), "title"),
        "sources": _text(value.get("sources"), "sources"),
        "tiles": _optional_text(value.get("tiles"), "tiles"),
        "focus": None if focus is None else _texts(focus, "focus"),
        "fit": _fit(fit),
        "place": _place(value.get("place")),
        "compare": _compare(value.get("compare")),
        "marks": _marks(value.get("marks")),
        "version": _text(value.get("version"), "version", 64),
    }


def _quote(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadScene("quotes: objects {text, paragraph}")
    return {
        "text": _text(value.get("text"), "quote"),
        "paragraph": _count(value.get("paragraph"), "paragraph"),
    }


def checked_scene(value: Any) -> dict[str, Any]:
    """A scene as followers get it: the map's state, title, quotes, caption, place in the
    tour (and the tour's own title); ``BadScene`` for anything else."""
    if not isinstance(value, dict):
        raise BadScene("scene: an object")
    quotes = value.get("quotes")
    if not isinstance(quotes, list) or len(quotes) > MAX_QUOTES:
        raise BadScene(f"quotes: a list of at most {MAX_QUOTES}")
    return {
        "state": checked_state(value.get("state")),
        "title": _text(value.get("title"), "title"),
        "caption": _text(value.get("caption"), "caption"),
        "quotes": [_quote(quote) for quote in quotes],
        "number": _count(value.get("number"), "number"),
        "count": _count(value.get("count"), "count"),
        "tour_title": _text(value.get("tour_title", ""), "tour_title"),
    }
