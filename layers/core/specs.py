"""What each layer is: its file, geometry, required properties, style and popup.

One registry (``REGISTRY``) declares every known layer. A GeoJSON file in ``geodata/``
that is not registered gets ``generic_spec``: drawn with a neutral style and a popup
listing its properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, get_args

# lon/lat window the map can show: Korea and north-east China to Kamchatka,
# the East China Sea (joint air patrols) to the Sea of Okhotsk.
# Coordinates outside it are rejected.
REGION_BBOX: tuple[float, float, float, float] = (120.0, 24.0, 166.0, 61.0)

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "land": "#EDEAE2",
    "land_edge": "#A8A39A",
    "sea": "#D6E6F0",
}


FieldKind = Literal["str", "int", "number", "date", "year", "bool", "quotes", "sources", "list"]
FIELD_KINDS: frozenset[str] = frozenset(get_args(FieldKind))


@dataclass(frozen=True)
class Field:
    """A property a layer's features carry; loading checks its value against ``kind``."""

    name: str
    kind: FieldKind
    label: str = ""  # shown in the popup's facts; "" keeps it out of them
    required: bool = True

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:  # a typo in the registry fails at import
            raise ValueError(
                f"field {self.name!r} has kind {self.kind!r}; use one of {sorted(FIELD_KINDS)}"
            )


@dataclass(frozen=True)
class Style:
    color: str
    fill_color: str | None = None
    fill_opacity: float = 0.0
    weight: float = 2.0
    dash_array: str | None = None
    radius: float = 6.0  # circle markers, in pixels

    def for_kind(self, kind: str) -> Style:
        """This style as drawn on a ``kind`` ("point", "line", "area"): a line is never filled."""
        return replace(self, fill_opacity=0.0) if kind == "line" else self

    def highlighted(self) -> Style:
        """A feature the tour points at: heavier black outline, larger marker, stronger fill."""
        return replace(
            self,
            color=PALETTE["black"],
            weight=self.weight + 1.5,
            fill_opacity=max(self.fill_opacity, 0.75) if self.fill_opacity else 0.0,
            radius=self.radius * 1.6,
        )

    @property
    def fill(self) -> str:
        return self.fill_color or self.color

    def leaflet(self) -> dict[str, object]:
        """Leaflet path options (camelCase) for folium's style_function."""
        options: dict[str, object] = {"color": self.color, "weight": self.weight, "opacity": 0.95}
        options["fill"] = self.fill_opacity > 0  # folium's CircleMarker defaults to no fill
        options["fillColor"] = self.fill
        options["fillOpacity"] = self.fill_opacity
        options["radius"] = self.radius
        if self.dash_array:
            options["dashArray"] = self.dash_array
        return options


@dataclass(frozen=True)
class LayerSpec:
    key: str  # file stem in geodata/
    title: str  # shown in the layer list and legend
    geometry_types: tuple[str, ...]
    fields: tuple[Field, ...]
    style: Style
    legend: str = ""  # one line for the legend
    label_field: str | None = None  # property drawn as a permanent label on the map
    default_on: bool = True
    interactive: bool = True  # False: no popup or tooltip (the base map)
    date_field: str | None = None  # dates a feature without began/reported (a history line)
    style_by: str | None = None  # property whose value picks a variant style
    variants: dict[str, Style] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.key}.geojson"

    def style_for(self, style_key: str) -> Style:
        """The variant style for a feature's ``style_by`` value, or the layer's style."""
        return self.variants.get(style_key, self.style)

    @property
    def kinds(self) -> frozenset[str]:
        """What its features can be: "point", "line", "area"."""
        return frozenset(geometry_kind(t) for t in self.geometry_types)

    def facts(self) -> tuple[Field, ...]:
        """Fields shown in the popup's Facts block, in order."""
        return tuple(f for f in self.fields if f.label)


def geometry_kind(geom_type: str) -> str:
    """ "area", "line" or "point" for a GeoJSON geometry type."""
    if "Polygon" in geom_type:
        return "area"
    if "LineString" in geom_type:
        return "line"
    return "point"


NAMES = (
    Field("name_en", "str"),
    Field("label_en", "str", required=False),  # short name for the map label
    Field("name_ja", "str", required=False),
    Field("name_ja_romaji", "str", required=False),
    Field("name_ru", "str", required=False),
    Field("name_ru_latin", "str", required=False),
)
NARRATIVE = (
    Field("quotes", "quotes"),
    Field("sources", "sources"),
    Field("note", "str", "Note", required=False),
)
LOCATED = (Field("location_source", "str", "Location from"),)
# The three dates (see records.Feature): the popup words them, so they carry no label here.
BEGAN = Field("began", "date", required=False)
ENDED = Field("ended", "date", required=False)
REPORTED = (Field("reported", "date"), Field("reported_by", "str"))
OFFSHORE = (
    Field("setting", "str", required=False),  # "onshore" or "offshore" (layers.record.placement)
    Field("offshore_km", "number", "Distance offshore (km, as the source states)", False),
    Field("water_crossings", "list", required=False),
)

POINT = ("Point",)
LINE = ("LineString", "MultiLineString")
AREA = ("Polygon", "MultiPolygon")

REGISTRY: dict[str, LayerSpec] = {
    spec.key: spec
    for spec in (
        LayerSpec(
            key="basemap_land",
            title="Land (base map)",
            geometry_types=AREA,
            fields=(Field("name_en", "str"),),
            style=Style(PALETTE["land_edge"], PALETTE["land"], 1.0, weight=0.6),
            legend="Land, GSHHG shoreline",
            interactive=False,
        ),
        LayerSpec(
            key="hokkaido",
            title="Hokkaido",
            geometry_types=AREA,
            fields=(
                *NAMES,
                Field("area_km2", "number", "Area (km², ellipsoidal)"),
                Field("administered_by", "str", "Administered by"),
                *NARRATIVE,
            ),
            style=Style(PALETTE["sky"], PALETTE["sky"], 0.35, weight=1.2),
            legend="Hokkaido (Japan)",
        ),
        LayerSpec(
            key="disputed_islands",
            title="Disputed islands",
            geometry_types=AREA,
            fields=(
                *NAMES,
                Field("area_km2", "number", "Area (km², ellipsoidal, from the shoreline)"),
                Field("japan_official_area_km2", "number", "Area published by Japan (km²)"),
                Field("administered_by", "str", "Administered by"),
                Field("claimed_by", "str", "Claimed by"),
                Field("member_islands", "list", required=False),
                Field("label_anchor", "list", required=False),
                *NARRATIVE,
            ),
            style=Style(PALETTE["orange"], PALETTE["orange"], 0.55, weight=1.5),
            legend="Disputed: Japan's Northern Territories / Russia's Southern Kurils",
            label_field="name_en",
        ),
        LayerSpec(
            key="island_settlements",
            title="Settlements on the islands",
            geometry_types=POINT,
            fields=(
                *NAMES,
                Field("island", "str", "Island"),
                Field("population", "str", "Population", required=False),
                *LOCATED,
                *NARRATIVE,
            ),
            style=Style(PALETTE["black"], "#FFFFFF", 1.0, weight=2, radius=5),
            legend="Settlement on the disputed islands",
            label_field="name_en",
        ),
        LayerSpec(
            key="hokkaido_points",
            title="Places on Hokkaido",
            geometry_types=POINT,
            fields=(*NAMES, Field("role", "str", "Why it matters"), *LOCATED, *NARRATIVE),
            style=Style(PALETTE["blue"], "#FFFFFF", 1.0, weight=2.5, radius=5),
            legend="Place on Hokkaido",
            label_field="name_en",
        ),
        LayerSpec(
            key="sakhalin_energy",
            title="Sakhalin-1 and Sakhalin-2",
            geometry_types=(*POINT, *LINE),
            fields=(
                *NAMES,
                Field("project", "str", "Project"),
                Field("facility", "str", "Facility"),
                Field("operator_before_2022", "str", "Operator before 2022"),
                Field("operator_after_2022", "str", "Operator after 2022"),
                Field("japanese_stakes", "str", "Japanese stakeholders"),
                replace(BEGAN, required=True),
                ENDED,
                Field("change_2022", "str", "What changed in 2022"),
                Field("approximate", "bool", "Approximate location", required=False),
                *OFFSHORE,
                *LOCATED,
                *NARRATIVE,
            ),
            style=Style(PALETTE["green"], PALETTE["green"], 0.9, weight=3, radius=6),
            legend="Sakhalin oil and gas: facility, pipeline",
            label_field="label_en",
            style_by="project",
            variants={
                "Sakhalin-1": Style(PALETTE["green"], PALETTE["green"], 0.9, weight=3, radius=6),
                "Sakhalin-2": Style(
                    PALETTE["green"], "#FFFFFF", 1.0, weight=3, dash_array="8 4", radius=6
                ),
            },
        ),
        LayerSpec(
            key="deployments",
            title="Reported Russian deployments",
            geometry_types=POINT,
            fields=(
                *NAMES,
                Field("system", "str", "System"),
                Field("category", "str", "Type"),
                Field("unit", "str", "Unit", required=False),
                BEGAN,
                ENDED,
                *REPORTED,
                Field("confidence", "str", "How sure"),
                Field(
                    "context_only", "bool", "Context: outside the disputed islands", required=False
                ),
                Field("approximate", "bool", "Approximate location", required=False),
                *LOCATED,
                *NARRATIVE,
            ),
            style=Style(PALETTE["vermillion"], PALETTE["vermillion"], 0.9, weight=2, radius=7),
            legend="Reported Russian deployment",
        ),
        LayerSpec(
            key="joint_patrols",
            title="Russia–China joint patrols",
            geometry_types=LINE,
            fields=(
                Field("name_en", "str"),
                Field("patrol_type", "str", "Type"),
                replace(BEGAN, required=True),
                ENDED,
                *REPORTED,
                Field("route_as_reported", "str", "Route as reported"),
                Field("approximate", "bool", "Approximate route"),
                Field("location_source", "str", "Route drawn from"),
                *NARRATIVE,
            ),
            style=Style(PALETTE["blue"], weight=2.5, dash_array="2 6"),
            legend="Russia–China joint patrol (approximate route)",
            style_by="patrol_type",
            variants={
                "naval": Style(PALETTE["blue"], weight=3, dash_array="10 6"),
                "air": Style(PALETTE["purple"], weight=2.5, dash_array="2 6"),
            },
        ),
        LayerSpec(
            key="history",
            title="Historical borders",
            geometry_types=LINE,
            fields=(
                *NAMES,
                Field("date", "date", "Date"),
                Field("year", "int"),
                Field("event", "str", "What happened"),
                Field("approximate", "bool", "Schematic line", required=False),
                Field("treaty_extent", "list", required=False),  # [west, south, east, north]
                *LOCATED,
                Field("quotes", "quotes", required=False),
                Field("sources", "sources"),
            ),
            style=Style("#444444", weight=3, dash_array="12 5 2 5"),
            legend="Historical border or line, dated",
            label_field="label_en",
            default_on=False,
            date_field="date",
        ),
    )
}

DATE_KINDS = {"date", "year"}


UPLOAD_PREFIX = "upload_"  # every uploaded layer's key starts so


def is_upload(key: str) -> bool:
    """Whether a layer key is a reader's uploaded layer (not the atlas's data)."""
    return key.startswith(UPLOAD_PREFIX)


def generic_spec(key: str) -> LayerSpec:
    """Spec for a GeoJSON file nobody registered: any geometry, any properties."""
    return LayerSpec(
        key=key,
        title=key.replace("_", " ").capitalize(),
        geometry_types=(*POINT, *LINE, *AREA, "MultiPoint"),
        fields=(),
        style=Style(PALETTE["black"], PALETTE["yellow"], 0.5, weight=2, radius=6),
        legend=f"{key} (unregistered layer)",
    )


def spec_for(key: str) -> LayerSpec:
    return REGISTRY.get(key) or generic_spec(key)
