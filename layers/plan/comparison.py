"""A comparison: the map as of two years, side by side (the page's "Compare", a tour scene
that compares, the two-panel figure).

One web map carries every date; the browser shows on each side of a divider what that
side's year shows (``layers/web/static/compare.js``): a feature of both years everywhere, a
feature of one year only on its side. The figure draws each side as a view of its own
(``plan_view`` gives them as ``View.panels``), under one legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from layers.core.records import Feature

NOW = "now"  # how a side that shows the map as of today is named


def year_name(year: int | None) -> str:
    """``1945``, or ``now`` for the present map (year None)."""
    return NOW if year is None else str(year)


@dataclass(frozen=True)
class Comparison:
    left: int | None  # the left side's timeline year (None: now)
    right: int | None  # the right side's

    @property
    def names(self) -> tuple[str, str]:
        return year_name(self.left), year_name(self.right)

    @property
    def caption(self) -> str:
        """``1945 | now``: the two sides as a title says them."""
        return " | ".join(self.names)

    @classmethod
    def of(cls, years: tuple[int | None, int | None] | None) -> Comparison | None:
        """A scene's ``compare`` years as a comparison (None: the scene does not compare)."""
        return None if years is None else cls(*years)


def shown_in(feature: Feature, year: int | None) -> bool:
    """The timeline's rule (``layers.plan.view.in_time`` is this): shown from its start
    year (began, else reported) up to and including its end year; now (``year`` None):
    shown unless it has ended."""
    start, end = feature.years()
    if year is None:
        return end is None
    return (start is None or start <= year) and (end is None or year <= end)


def side(feature: Feature, comparison: Comparison) -> str | None:
    """Where ``feature`` shows: "both", "left", "right", or None (in neither year)."""
    left, right = shown_in(feature, comparison.left), shown_in(feature, comparison.right)
    if left and right:
        return "both"
    return "left" if left else "right" if right else None


def choices(years: list[int]) -> list[int | None]:
    """The years a side can show: the timeline's, then now (None)."""
    return [*sorted(set(years)), None]


def default_pair(years: list[int], first: int = 1945) -> Comparison:
    """What "Compare" first shows: ``first`` (else the timeline's first year) beside now."""
    return Comparison(first if first in years else min(years, default=None), None)


def either_side(left: Sequence[Any], right: Sequence[Any]) -> tuple[Any, ...]:
    """The layers (``layers.plan.view.ViewLayer``, not imported: the view plan imports this)
    of both sides as one: each layer's features (and labels) on either side, once each, in
    the left side's order (what the comparison's sources and alt text name)."""
    merged = {layer.spec.key: layer for layer in left}
    for layer in right:
        key = layer.spec.key
        if key not in merged:
            merged[key] = layer
            continue
        ids = {d.feature.id for d in merged[key].features}
        labelled = {(lab.fid, lab.zoom) for lab in merged[key].labels}
        merged[key] = replace(
            merged[key],
            features=merged[key].features
            + tuple(d for d in layer.features if d.feature.id not in ids),
            labels=merged[key].labels
            + tuple(lab for lab in layer.labels if (lab.fid, lab.zoom) not in labelled),
        )
    return tuple(merged.values())
