"""Where a feature says it is: ``setting``, ``offshore_km``, ``water_crossings`` and
``treaty_extent`` as a ``Placement``, for the checks against the map's own coast
(``layers.record.checks``)."""

from __future__ import annotations

from layers.core.problems import Reject
from layers.core.records import JSONObject, Placement
from layers.record.geometry import finite

SETTINGS = ("onshore", "offshore", "islet")  # islet: land too small for the base map


def _crossings_km(value: object) -> float:
    if value is None:
        return 0.0
    if not isinstance(value, list):
        raise Reject('property \'water_crossings\' must be a list of {"name": …, "km": …}')
    total = 0.0
    for item in value:
        ok = isinstance(item, dict) and isinstance(item.get("name"), str)
        if not ok or not finite(item.get("km")) or item["km"] < 0:
            raise Reject('each water crossing must be {"name": text, "km": a number ≥ 0}')
        total += float(item["km"])
    return total


def _extent(value: object) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 4 and all(finite(v) for v in value)):
        raise Reject("property 'treaty_extent' must be [west, south, east, north] in degrees")
    west, south, east, north = (float(v) for v in value)
    if not (west < east and south < north):
        raise Reject("property 'treaty_extent' must have west < east and south < north")
    return west, south, east, north


def parse_placement(props: JSONObject) -> Placement:
    """The feature's placement; ``Reject`` when one of its properties does not fit."""
    setting = props.get("setting", "")
    if setting not in ("", *SETTINGS):
        got = str(setting)[:40]
        raise Reject(f"property 'setting' must be one of {', '.join(SETTINGS)}, got {got!r}")
    km = props.get("offshore_km")
    if km is not None and (not finite(km) or km < 0):
        raise Reject("property 'offshore_km' must be a number of km ≥ 0")
    return Placement(
        setting=setting,
        offshore_km=None if km is None else float(km),
        water_km=_crossings_km(props.get("water_crossings")),
        treaty_extent=_extent(props.get("treaty_extent")),
    )
