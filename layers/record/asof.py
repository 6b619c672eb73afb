"""The "data as of" date: the newest date anywhere in the shipped data, said on every map,
export and download, so a reader knows how current it is.

The newest of every feature's dates (when it happened or was reported, when it ended)
and the dates of the sources it cites. Uploaded layers do not count: they are the
reader's, not the atlas's data.
"""

from __future__ import annotations

from collections.abc import Iterable

from layers.core.records import Layer, PartialDate
from layers.core.specs import is_upload


def data_as_of(layers: Iterable[Layer]) -> PartialDate | None:
    """The newest date in the shipped ``layers`` (None when nothing is dated)."""
    dates: list[PartialDate] = []
    for layer in layers:
        if is_upload(layer.key):
            continue
        for feature in layer.features:
            dates += [d for d in (feature.date, feature.ended) if d is not None]
            dates += [d for s in feature.sources if (d := PartialDate.parse(s.date))]
    return max(dates, key=_sort_key, default=None)


def _sort_key(date: PartialDate) -> tuple[int, int, int]:
    return date.year, date.month or 0, date.day or 0


def as_of_text(layers: Iterable[Layer]) -> str:
    """The words "Data as of 2025-03-14", or "" when nothing is dated."""
    newest = data_as_of(layers)
    return f"Data as of {newest}" if newest else ""
