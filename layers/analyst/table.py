"""The feature table: every feature of the map as one row, the map's text alternative.

Names in the three languages, the layer, the date, how sure the reporting is, whether the
position is approximate, and the sources; the layer key and feature id let the page show
the chosen row's feature on the map (``ViewOptions.focus_feature``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from layers.core.records import Feature, Layer

CONFIDENCE = "confidence"  # the field saying how sure the reporting is


@dataclass(frozen=True)
class TableRow:
    name_en: str
    name_ja: str
    name_ru: str
    layer: str  # the layer's title
    date: str  # as precise as the source; "" when undated
    ended: str
    confidence: str
    approximate: bool
    sources: str
    layer_key: str
    feature_id: str


def confidence(layer: Layer, feature: Feature) -> str:
    """The feature's confidence, shown in its popup under the field's label."""
    labels = {f.label for f in layer.spec.fields if f.name == CONFIDENCE and f.label}
    return next(("; ".join(fact.lines) for fact in feature.facts if fact.label in labels), "")


def sources_text(feature: Feature) -> str:
    return "; ".join(f"{s.publisher} ({s.date})" for s in feature.sources)


def table_rows(layers: Iterable[Layer]) -> list[TableRow]:
    """A row per feature of every layer with popups (not the base map), uploads included:
    the table is the map's text alternative."""
    return [
        TableRow(
            name_en=f.names.display("en"),
            name_ja=f.names.ja,
            name_ru=f.names.ru,
            layer=layer.spec.title,
            date=str(f.date) if f.date else "",
            ended=str(f.ended) if f.ended else "",
            confidence=confidence(layer, f),
            approximate=f.approximate,
            sources=sources_text(f),
            layer_key=layer.key,
            feature_id=f.id,
        )
        for layer in layers
        if layer.spec.interactive
        for f in layer.features
    ]
