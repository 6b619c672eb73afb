"""Expected values, read from the data files (not from the code under test): the layers'
titles as popups name them, an island's feature, the article's text; and ``squash``, for
comparing rendered text with source text."""

from __future__ import annotations

import json

from harness.paths import GEODATA_DIR

# Every layer with popups (every file in geodata/ but the base map) and the title its popups
# name it by, written out as a reader sees them; "history" is off until its box is ticked.
LAYER_TITLES = {
    "hokkaido": "Hokkaido",
    "disputed_islands": "Disputed islands",
    "island_settlements": "Settlements on the islands",
    "hokkaido_points": "Places on Hokkaido",
    "sakhalin_energy": "Sakhalin-1 and Sakhalin-2",
    "deployments": "Reported Russian deployments",
    "joint_patrols": "Russia–China joint patrols",
    "history": "Historical borders",
}


def island_feature(name_en: str) -> dict:
    """The feature of geodata/disputed_islands.geojson with this English name."""
    collection = json.loads((GEODATA_DIR / "disputed_islands.geojson").read_text("utf-8"))
    for feature in collection["features"]:
        if feature["properties"].get("name_en") == name_en:
            return feature
    raise LookupError(f"no feature named {name_en!r} in geodata/disputed_islands.geojson")


def article_text() -> str:
    """geodata/article.md as it is on disk."""
    return (GEODATA_DIR / "article.md").read_text("utf-8")


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, for comparing rendered text with source text."""
    return " ".join(text.split())
