"""A tour scene that compares two years: ``"compare": {"left": 1945, "right": "now"}`` in a
tour file (untrusted: a side that is not a year of ``YEARS`` or ``"now"`` drops the
comparison, and the note names what was wrong); written back in the same form."""

from __future__ import annotations

from layers.core.records import JSONObject, Scene

YEARS = (1800, 2100)  # a side's year, inclusive (as a scene's timeline year)
NOW = "now"
SIDES = ("left", "right")

Years = tuple[int | None, int | None]


def _side(value: object) -> int | None:
    """A side's year (None: now); raises ``ValueError`` for anything else."""
    if value == NOW:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and YEARS[0] <= value <= YEARS[1]:
        return value
    raise ValueError(str(value)[:40])


def parse_compare(item: JSONObject, notes: list[str]) -> Years | None:
    """The scene's two years, or None (no ``compare``, or one that does not fit: named)."""
    given = item.get("compare")
    if given is None:
        return None
    if not isinstance(given, dict) or set(given) != set(SIDES):
        notes.append('"compare" dropped: it must be {"left": <year or "now">, "right": …}')
        return None
    years: list[int | None] = []
    for key in SIDES:
        try:
            years.append(_side(given[key]))
        except ValueError as why:
            notes.append(
                f'"compare" dropped: its {key} side {str(why)!r} is not a year '
                f'{YEARS[0]}–{YEARS[1]} or "now"'
            )
            return None
    if years[0] == years[1]:
        notes.append('"compare" dropped: its two sides are the same year')
        return None
    return years[0], years[1]


def compare_json(scene: Scene) -> JSONObject:
    """``scene``'s comparison as a tour file writes it ({} when it does not compare)."""
    if scene.compare is None:
        return {}
    left, right = (NOW if year is None else year for year in scene.compare)
    return {"compare": {"left": left, "right": right}}
