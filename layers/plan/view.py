"""The view plan: one pure function decides what a map shows and how.

``plan_view(layers, options)`` gives a ``View``: the visible layers and features after
the timeline, each feature's resolved style (variant, geometry, highlight), the labels
and where they go, the legend, the distances, the bounds, the title and the sources
line. The web map (``layers.web.mapbuild``) and the figure (``layers.print.figure``) draw a
``View`` and nothing else, so the PNG shows what the browser shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from shapely.geometry import MultiPolygon, Point

from layers.core.records import LANGUAGES, Bounds, Feature, Layer, Mark, Quote, Scene
from layers.core.specs import LayerSpec, Style
from layers.plan.comparison import Comparison, either_side, shown_in
from layers.record.asof import as_of_text
from layers.record.distances import Measure

LabelZoom = Literal["any", "near", "far"]  # at which zoom a label shows
LegendKind = Literal["area", "point", "line", "point+line", "distance"]
DEFAULT_TITLE = "Frontier Atlas: the Russia–Japan frontier after 2022"
DEFAULT_SUBTITLE = "The Russia–Japan frontier after 2022."
WHOLE_REGION: Bounds = ((40.2, 135.0), (53.8, 155.0))
# The default view: the frontier itself — Hokkaido, the four islands, southern Sakhalin.
FRONTIER: Bounds = ((41.3, 139.2), (48.2, 149.3))
NEAR_WIDTH_DEG = 16.0  # views narrower than this show point and line labels
DISTANCE_STYLE = Style("#000000", weight=2, dash_array="4 4")
DISTANCES = "_distances"  # the distance lines, shown and hidden like a layer


@dataclass(frozen=True)
class Focus:
    layers: tuple[str, ...]  # whose extent the view fits; () is the fixed ``bounds``
    pad: float  # degrees around it
    bounds: Bounds = WHOLE_REGION  # the view when ``layers`` is empty


FOCUS: dict[str, Focus] = {
    "frontier": Focus((), 0.0, FRONTIER),
    "region": Focus((), 0.0),
    "islands": Focus(("disputed_islands", "island_settlements"), 0.35),
    "sakhalin": Focus(("sakhalin_energy",), 0.6),
    "deployments": Focus(("deployments",), 0.5),
}


@dataclass(frozen=True)
class ViewOptions:
    visible: frozenset[str] | None = None  # layer keys to show; None: every default layer
    focus: str = "frontier"  # a key of FOCUS
    lang: str = "en"
    show_labels: bool = True
    show_distances: bool = True
    title: str = DEFAULT_TITLE
    subtitle: str = DEFAULT_SUBTITLE
    quotes: tuple[Quote, ...] = ()  # shown beside the map (a tour scene's)
    as_of_year: int | None = None  # timeline: the map as of this year; None: now
    every_date: bool = False  # keep features of every date (the web map; the browser hides them)
    bounds: Bounds | None = None  # fit to these instead of the focus (a tour scene's view)
    highlight: frozenset[tuple[str, str]] = frozenset()  # (layer key, feature id)
    online_tiles: str | None = None  # a key of mapbuild.ONLINE_TILES
    focus_feature: tuple[str, str] | None = None  # (layer, id): fly to it, open its popup
    compare: Comparison | None = None  # two years side by side (``layers.plan.comparison``)
    marks: tuple[Mark, ...] = ()  # the reader's own marks (``layers.record.marks``)


def scene_options(scene: Scene, base: ViewOptions | None = None) -> ViewOptions:
    """The options that show ``scene``: its layers, view, highlights, title and quotes."""
    base = base or ViewOptions()
    return replace(
        base,
        visible=scene.layers,
        bounds=scene.bounds,
        highlight=scene.highlight,
        title=scene.title,
        subtitle=scene.caption,
        quotes=scene.quotes,
        show_distances=(base.show_distances if scene.distances is None else scene.distances)
        and "hokkaido_points" in scene.layers,
        show_labels=base.show_labels if scene.labels is None else scene.labels,
        as_of_year=base.as_of_year if scene.year is None else scene.year,
        lang=base.lang if scene.lang is None else scene.lang,
        compare=base.compare if scene.compare is None else Comparison.of(scene.compare),
        marks=scene.marks or base.marks,
    )


@dataclass(frozen=True)
class DrawnFeature:
    feature: Feature
    style: Style  # resolved: variant, geometry kind and highlight applied
    highlighted: bool


@dataclass(frozen=True)
class Label:
    text: str  # in the view's language
    lon: float
    lat: float
    kind: str  # of the feature: "point", "line", "area"
    zoom: LabelZoom
    layer: str = ""  # the feature's layer and id, for a browser that highlights it later
    fid: str = ""
    texts: tuple[tuple[str, str], ...] = ()  # (language, text) for every language


@dataclass(frozen=True)
class LegendEntry:
    group: str  # the layer's legend line
    variant: str  # "" or the variant's name (e.g. "Sakhalin-2")
    style: Style
    kind: LegendKind
    layer: str = DISTANCES  # the layer's key

    @property
    def text(self) -> str:
        return f"{self.group}: {self.variant}" if self.variant else self.group


@dataclass(frozen=True)
class ViewLayer:
    spec: LayerSpec
    features: tuple[DrawnFeature, ...]
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class View:
    layers: tuple[ViewLayer, ...]
    distances: tuple[Measure, ...]
    bounds: Bounds
    near: bool  # close enough in for point and line labels
    title: str
    subtitle: str
    quotes: tuple[Quote, ...]
    legend: tuple[LegendEntry, ...]
    sources_line: str
    lang: str
    online_tiles: str | None
    data_as_of: str = ""  # "Data as of <newest date in the data>" (``layers.record.asof``)
    panels: tuple[View, View] | None = None  # a comparison's two sides, each titled by its year
    marks: tuple[Mark, ...] = ()  # the reader's own, drawn over everything

    def labels_shown(self) -> tuple[Label, ...]:
        """The labels visible at the fitted view (a renderer without zoom draws these)."""
        hidden = "far" if self.near else "near"
        return tuple(lab for layer in self.layers for lab in layer.labels if lab.zoom != hidden)


def feature_years(layers: Iterable[Layer]) -> set[int]:
    """Years at which the timeline's map changes: a feature's start year, and the year
    after its end (the first year it is no longer shown)."""
    years = set()
    for feature in (f for layer in layers for f in layer.features):
        start, end = feature.years()
        years |= {year for year in (start, end and end + 1) if year is not None}
    return years


def in_time(feature: Feature, as_of_year: int | None) -> bool:
    """Shown from its start year (began, else reported) up to and including its end year;
    now (``as_of_year`` None): shown unless it has ended."""
    return shown_in(feature, as_of_year)


def is_visible(layer: Layer, options: ViewOptions) -> bool:
    if options.visible is None:
        return layer.spec.default_on
    return layer.key in options.visible


def layer_bounds(layers: Iterable[Layer]) -> Bounds | None:
    boxes = [f.geometry.bounds for layer in layers for f in layer.features]
    if not boxes:
        return None
    west, south, east, north = zip(*boxes, strict=True)
    return (min(south), min(west)), (max(north), max(east))


def focus_bounds(layers: Sequence[Layer], focus: str) -> Bounds:
    spec = FOCUS.get(focus, FOCUS["frontier"])
    chosen = [layer for layer in layers if layer.key in spec.layers]
    bounds = layer_bounds(chosen) if spec.layers else None
    if bounds is None:
        return spec.bounds
    (south, west), (north, east) = bounds
    return (south - spec.pad, west - spec.pad), (north + spec.pad, east + spec.pad)


def drawn_feature(spec: LayerSpec, feature: Feature, options: ViewOptions) -> DrawnFeature:
    marked = (spec.key, feature.id) in options.highlight
    style = spec.style_for(feature.style_key).for_kind(feature.kind)
    return DrawnFeature(feature, style.highlighted() if marked else style, marked)


def label_spots(feature: Feature, keep: bool) -> list[tuple[float, float, LabelZoom]]:
    """Where a feature's name goes. A point is labelled beside itself and a line at its
    middle, both only when near (always if ``keep``); a shape inside itself, or at its
    ``label_anchor`` when far, where the inside label would cover its neighbours."""
    geom, kind = feature.geometry, feature.kind
    if kind != "area":
        if kind == "line":
            spot = geom.interpolate(0.5, normalized=True)
        elif isinstance(geom, Point):
            spot = geom
        else:  # a MultiPoint or a GeometryCollection
            spot = geom.representative_point()
        return [(spot.x, spot.y, "any" if keep else "near")]
    if isinstance(geom, MultiPolygon):
        geom = max(geom.geoms, key=lambda g: g.area)
    inside = geom.representative_point()
    if feature.label_anchor is None:
        return [(inside.x, inside.y, "any")]
    lon, lat = feature.label_anchor
    return [(inside.x, inside.y, "near"), (lon, lat, "far")]


def feature_labels(feature: Feature, lang: str, keep: bool) -> tuple[Label, ...]:
    texts = tuple((code, feature.names.label(code)) for code in LANGUAGES)
    return tuple(
        Label(
            feature.names.label(lang),
            lon,
            lat,
            feature.kind,
            zoom,
            feature.layer,
            feature.id,
            texts,
        )
        for lon, lat, zoom in label_spots(feature, keep)
    )


def legend_entries(spec: LayerSpec, features: Sequence[DrawnFeature]) -> list[LegendEntry]:
    kinds = {d.feature.kind for d in features}
    kind: LegendKind = (
        "area" if "area" in kinds else "point+line" if len(kinds) > 1 else kinds.pop()  # type: ignore[assignment]
    )
    group = spec.legend or spec.title
    variants = spec.variants or {"": spec.style}
    return [LegendEntry(group, name, style, kind, spec.key) for name, style in variants.items()]


def sources_line(features: Iterable[Feature]) -> str:
    """Short attribution for the caption; full sources are in each popup."""
    publishers = {source.publisher for feature in features for source in feature.sources}
    return (
        "Shoreline: GSHHG 2.3 (LGPL). Quotes: the commentary article, verbatim. "
        f"Other facts: {len(publishers)} publishers, cited in each popup."
    )


def plan_layer(layer: Layer, options: ViewOptions) -> ViewLayer | None:
    spec = layer.spec
    shown = tuple(
        drawn_feature(spec, f, options)
        for f in layer.features
        if options.every_date or in_time(f, options.as_of_year)
    )
    if not shown:
        return None
    labels: tuple[Label, ...] = ()
    if options.show_labels and spec.label_field:
        labels = tuple(
            label for d in shown for label in feature_labels(d.feature, options.lang, d.highlighted)
        )
    return ViewLayer(spec, shown, labels)


def plan_view(
    layers: Sequence[Layer], options: ViewOptions, measures: Sequence[Measure] = ()
) -> View:
    """What the map of ``layers`` shows under ``options``: the one source for every renderer.
    A comparison's view has its two sides as ``panels`` and one legend for both."""
    if options.compare is not None:
        return compared_view(layers, options, options.compare, measures)
    planned = [plan_layer(layer, options) for layer in layers if is_visible(layer, options)]
    shown = tuple(layer for layer in planned if layer is not None)
    distances = tuple(measures) if options.show_distances else ()
    legend = [entry for layer in shown for entry in legend_entries(layer.spec, layer.features)]
    if distances:
        legend.append(
            LegendEntry("Distance on the WGS84 ellipsoid", "", DISTANCE_STYLE, "distance")
        )
    bounds = options.bounds or focus_bounds(layers, options.focus)
    (_, west), (_, east) = bounds
    as_of = f", as of {options.as_of_year}" if options.as_of_year else ""
    return View(
        layers=shown,
        distances=distances,
        bounds=bounds,
        near=east - west < NEAR_WIDTH_DEG,
        title=options.title + as_of,
        subtitle=options.subtitle,
        quotes=options.quotes,
        legend=tuple(legend),
        sources_line=sources_line(d.feature for layer in shown for d in layer.features),
        lang=options.lang,
        online_tiles=options.online_tiles,
        data_as_of=as_of_text(layers),
        marks=options.marks,
    )


def compared_view(
    layers: Sequence[Layer], options: ViewOptions, pair: Comparison, measures: Sequence[Measure]
) -> View:
    """The two sides of ``pair`` (each titled by its year) and, around them, one view of
    what either side shows (its layers, legend and sources), with the title and bounds."""
    sides = tuple(
        replace(
            plan_view(layers, replace(options, compare=None, as_of_year=year), measures), title=name
        )
        for year, name in zip((pair.left, pair.right), pair.names, strict=True)
    )
    legend = tuple(dict.fromkeys(entry for side in sides for entry in side.legend))
    whole = plan_view(layers, replace(options, compare=None, as_of_year=None), measures)
    shown: tuple[ViewLayer, ...] = either_side(sides[0].layers, sides[1].layers)
    return replace(
        whole,
        layers=shown,
        title=f"{options.title}: {pair.caption}",
        legend=legend,
        sources_line=sources_line(d.feature for layer in shown for d in layer.features),
        panels=(sides[0], sides[1]),
    )
