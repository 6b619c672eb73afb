"""A feature's facts as plain-text rows, from any JSON values, made once when it is parsed.

Registered layers show the fields their spec labels; an unregistered or uploaded layer
shows every property it has. Values of any shape become lines of text: nothing is
escaped here (the renderers do that) and nothing raises.
"""

from __future__ import annotations

from layers.core.records import Fact, JSONObject
from layers.core.specs import LayerSpec

INTERNAL_KEYS = {"quotes", "sources", "id", "note", "label_anchor", "label_en"}
MAX_DEPTH = 6  # nested values deeper than this are summarised, not walked
MAX_LINES = 50


def _number(value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10**15:
        return "a number too large to show"
    return f"{value:,}"


def _inline(value: object, depth: int) -> str:
    """One line of text for a value inside a list or object."""
    if depth > MAX_DEPTH:
        return "…"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, dict):
        if isinstance(value.get("name_en"), str):
            return _named(value)
        return "; ".join(f"{k}: {_inline(v, depth + 1)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_inline(v, depth + 1) for v in value)
    return "" if value is None else str(value)


def _named(value: JSONObject) -> str:
    """A member island, say: "Suisho (水晶島, Полонского) — 15.4 km²"."""
    others = [value[k] for k in ("name_ja", "name_ru") if isinstance(value.get(k), str)]
    name: str = value["name_en"]  # the caller checked it is text
    text = name + (f" ({', '.join(others)})" if others else "")
    area = value.get("area_km2")
    if isinstance(area, int | float) and not isinstance(area, bool):
        text += f" — {_number(area)} km²"
    return text


def lines_of(value: object) -> tuple[str, ...]:
    """The lines a popup shows for ``value``: one per list item, else one."""
    items = value if isinstance(value, list) else [value]
    lines = tuple(line for line in (_inline(v, 1) for v in items[:MAX_LINES]) if line)
    return lines + (("…",) if len(items) > MAX_LINES else ())


def fact_rows(spec: LayerSpec, properties: JSONObject) -> tuple[Fact, ...]:
    """The facts block: the spec's labelled fields, or every property if unregistered."""
    if spec.fields:
        pairs = [(f.label, properties.get(f.name), f.name) for f in spec.facts()]
        if properties.get("member_islands"):
            pairs.append(("Named islands", properties["member_islands"], "member_islands"))
    else:
        pairs = [
            (str(key), value, str(key))
            for key, value in properties.items()
            if key not in INTERNAL_KEYS and not str(key).startswith("name_")
        ]
    facts = (
        Fact(label, lines_of(value), name)
        for label, value, name in pairs
        if value not in (None, "")
    )
    return tuple(fact for fact in facts if fact.lines)
