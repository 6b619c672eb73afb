"""The typed records everything after loading works with: frozen, parsed once.

A ``Feature`` carries its shapely geometry, names, article quotes, sources, date and
display facts; nothing downstream reads a raw GeoJSON dict. Text here is plain, never
escaped: the renderers escape it, once, where it meets HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import total_ordering
from typing import Any, Literal

from shapely.geometry.base import BaseGeometry

from layers.core.problems import FILE, Problem
from layers.core.specs import LayerSpec, geometry_kind

JSONObject = dict[str, Any]  # a parsed JSON object: its values are whatever the file holds
Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))
LANGUAGES = ("en", "ja", "ru")  # place names: English, Japanese, Russian
UNDATED = "undated"  # a source page that carries no date says so explicitly
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: as precise as the source, no more.

    Dates of mixed precision sort by what they say: "2022-02" before "2022-02-23"."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate | None:
        """The date ``value`` spells, or None when it is not a valid one of the three forms."""
        if not isinstance(value, str) or not (match := _DATE.fullmatch(value)):
            return None
        year_text, month_text, day_text = match.groups()
        year = int(year_text)  # the year group is not optional
        month = int(month_text) if month_text else None
        day = int(day_text) if day_text else None
        try:
            date(year, month or 1, day or 1)
        except ValueError:
            return None
        return cls(year, month, day)

    def _key(self) -> tuple[int, int, int]:
        return self.year, self.month or 0, self.day or 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        parts = [f"{self.year:04d}", *(f"{v:02d}" for v in (self.month, self.day) if v)]
        return "-".join(parts)

    def words(self) -> str:
        """ "22 November 2016", "November 2016" or "2016": for people, not machines."""
        month = _MONTHS[self.month - 1] if self.month else ""
        return " ".join(str(part) for part in (self.day, month, self.year) if part)


@dataclass(frozen=True)
class Quote:
    """A verbatim passage of the article and the paragraph it is in (checked on parsing)."""

    text: str
    paragraph: int


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    date: str  # as published: YYYY[-MM[-DD]] or "undated"
    url: str | None = None
    archive_url: str | None = None  # an archived copy of the page
    via: str = ""  # the mirror or aggregator the url is, when it is not the publisher's page
    checked: str = ""  # how the source was checked, and when


@dataclass(frozen=True)
class Names:
    """A place's names; empty strings where the data has none."""

    en: str = ""
    ja: str = ""
    ja_romaji: str = ""
    ru: str = ""
    ru_latin: str = ""
    label_en: str = ""  # a short English name for the map label
    fallback: str = ""  # name/Name/title/id of a file that has no name_en

    def display(self, lang: str = "en") -> str:
        """The name in ``lang``, then English, then whatever the file calls it."""
        preferred = {"ja": self.ja, "ru": self.ru}.get(lang, self.en)
        return preferred or self.en or self.fallback or "(unnamed)"

    def label(self, lang: str = "en") -> str:
        """The name drawn on the map: the short English label where there is one."""
        short = self.label_en if lang == "en" else ""
        return short or self.display(lang)


@dataclass(frozen=True)
class Fact:
    """One row of a popup's facts: a label and its value as lines of plain text."""

    label: str
    lines: tuple[str, ...]
    field: str = ""  # the property it shows, for its footnote (see ``Feature.cites``)


@dataclass(frozen=True)
class Placement:
    """Where a feature claims to be, for the checks against the map's own coast."""

    setting: str = ""  # "onshore", "offshore", or "" (the layer's rule decides)
    offshore_km: float | None = None  # distance from the coast the source states
    water_km: float = 0.0  # km of named water crossings (an onshore line's exemption)
    treaty_extent: tuple[float, float, float, float] | None = None  # west, south, east, north


@dataclass(frozen=True)
class Feature:
    layer: str  # the layer's key
    id: str  # the feature's own id, or its index in the file when it has none
    geometry: BaseGeometry
    names: Names
    quotes: tuple[Quote, ...] = ()
    sources: tuple[Source, ...] = ()
    date: PartialDate | None = None  # where the timeline starts it: began, else reported
    began: PartialDate | None = None  # when it began or was first seen
    ended: PartialDate | None = None  # when it ended or was reported withdrawn
    reported: PartialDate | None = None  # when it was first reported
    reported_by: str = ""
    cites: tuple[tuple[str, int], ...] = ()  # (field, 1-based index into sources)
    placement: Placement = Placement()
    facts: tuple[Fact, ...] = ()
    style_key: str = ""  # value of the spec's ``style_by`` property
    label_anchor: tuple[float, float] | None = None  # (lon, lat) for the label when zoomed out
    approximate: bool = False

    @property
    def kind(self) -> str:
        """ "point", "line" or "area"."""
        return geometry_kind(self.geometry.geom_type)

    def cite(self, field_name: str) -> int | None:
        """The 1-based number of the source that states ``field_name``, if the data says."""
        return dict(self.cites).get(field_name)

    def years(self) -> tuple[int | None, int | None]:
        """The timeline's span: from the start year to the end year, both included."""
        return (
            self.date.year if self.date else None,
            self.ended.year if self.ended else None,
        )


@dataclass(frozen=True)
class Layer:
    """One layer file, loaded: its spec, good features and the problems of the rest."""

    spec: LayerSpec
    source: str  # file name, as shown in messages
    features: tuple[Feature, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def unreadable(self) -> bool:
        """True when the whole file was rejected (nothing of it can be drawn)."""
        return any(p.feature == FILE for p in self.problems) and not self.features

    @property
    def key(self) -> str:
        return self.spec.key

    def summary(self) -> tuple[str, str] | None:
        """("error", text) when nothing of the file is drawn, ("warning", text) when some of
        it does not fit, None when all is well: one short line (each problem is in
        ``problems``). The text is plain, not Markdown."""
        if self.unreadable:
            return "error", " ".join(
                f"Layer file not drawn — {p.file}: {p.message}." for p in self.problems
            )
        if not self.problems:
            return None
        named = [p for p in self.problems if p.feature != FILE]
        skipped = {p.feature for p in named if p.skipped}
        partial = {p.feature for p in named if not p.skipped} - skipped
        parts = [p.message for p in self.problems if p.feature == FILE]
        if skipped:
            parts.append(f"{len(skipped)} feature(s) skipped (a geometry that cannot be drawn)")
        if partial:
            parts.append(f"{len(partial)} feature(s) drawn without what does not fit")
        return "warning", f"{self.source}: " + "; ".join(parts)


MarkKind = Literal["line", "area", "point", "text"]


@dataclass(frozen=True)
class Mark:
    """A reader's own mark on the map (``layers.record.marks`` parses them, untrusted):
    a line, an area, a point or a text label, in a colour of the map's palette."""

    id: str
    kind: MarkKind
    coords: tuple[tuple[float, float], ...]  # (lon, lat); an area's ring is not closed
    color: str  # a hex colour of ``layers.record.marks.MARK_COLORS``
    dashed: bool = False
    arrow: bool = False  # an arrow head at a line's last vertex
    label: str = ""  # plain text, never escaped here


@dataclass(frozen=True)
class Scene:
    id: str
    title: str
    caption: str
    quotes: tuple[Quote, ...]
    bounds: Bounds
    layers: frozenset[str]
    highlight: frozenset[tuple[str, str]]  # (layer key, feature id)
    # What a scene a reader saved also keeps (None: the reader's own choice applies)
    year: int | None = None  # the timeline's year
    labels: bool | None = None
    distances: bool | None = None
    lang: str | None = None  # place names: one of ``LANGUAGES``
    compare: tuple[int | None, int | None] | None = None  # two years side by side (None: now)
    marks: tuple[Mark, ...] = ()  # the reader's own marks drawn on the scene


@dataclass(frozen=True)
class Event:
    id: str
    date: PartialDate
    title: str
    quote: Quote
    sources: tuple[Source, ...] = ()  # where the article gives no date: who gives it
    date_source: int | None = None  # 1-based number of the source stating the date
    note: str = ""

    @property
    def year(self) -> int:
        return self.date.year
