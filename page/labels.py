"""What the page says: its title and the labels of its choices (UI labels, not domain keys:
the keys are those of ``layers``)."""

from __future__ import annotations

from layers.core.text import LANGUAGE_NAMES

TITLE = "Frontier Atlas: the Russia–Japan frontier after 2022"
LANGUAGES = LANGUAGE_NAMES  # the place-name switch: the names of the languages in their own
MODES = {"explore": "Explore", "tour": "Classroom tour"}
FOCUS_LABELS = {
    "frontier": "The frontier",
    "region": "Whole region",
    "islands": "Disputed islands",
    "sakhalin": "Sakhalin energy",
    "deployments": "Deployments",
}
BASE_LABELS = {
    "": "Shipped land data (offline)",
    "osm": "OpenStreetMap (online)",
    "carto-light": "Light, CARTO (online)",
    "esri-imagery": "Satellite, Esri (online)",
}
