"""The chronology's data is the dated features and events, read independently."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from layers.analyst.chronology_chart import altair_chart
from layers.core.paths import GEODATA_DIR
from layers.core.specs import PALETTE
from layers.exports import make_export
from layers.plan.chronology import chronology
from layers.plan.view import ViewOptions
from layers.print.chronology_page import chronology_figure


def dated_in_files() -> set[tuple[str, str, str]]:
    """(kind, id, date) of every dated deployment, joint patrol and article event."""
    found = set()
    for key in ("deployments", "joint_patrols"):
        for f in json.loads((GEODATA_DIR / f"{key}.geojson").read_text())["features"]:
            start = f["properties"].get("began") or f["properties"].get("reported")
            if start:  # the timeline starts a feature when it began, else when it was reported
                found.add((key, f["properties"]["id"], start))
    for event in json.loads((GEODATA_DIR / "events.json").read_text())["events"]:
        found.add(("events", event["id"], event["date"]))
    return found


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


def test_the_charts_data_equals_the_dated_features(atlas):
    rows = chronology(atlas.layers, atlas.events)
    chart = altair_chart(rows, 2022).to_dict()
    marks = next(d for d in chart["datasets"].values() if d and "kind" in d[0])
    layer_of = {r.id: r.layer for r in rows}
    assert {(layer_of[m["id"]], m["id"], m["date"]) for m in marks} == dated_in_files()
    assert len(marks) == len(dated_in_files())


def test_the_colours_are_the_maps(atlas):
    rows = chronology(atlas.layers, atlas.events)
    colours = {(r.layer, r.variant): r.color for r in rows}
    assert colours[("deployments", "")] == PALETTE["vermillion"]
    assert colours[("joint_patrols", "naval")] == PALETTE["blue"]
    assert colours[("joint_patrols", "air")] == PALETTE["purple"]


def test_the_rule_sits_at_the_timeline_year(atlas):
    chart = altair_chart(chronology(atlas.layers, atlas.events), 2019).to_dict()
    rules = [d for d in chart["datasets"].values() if d and "label" in d[0]]
    assert rules == [[{"end": "2019-12-31", "label": "map: as of 2019"}]]


def test_the_pdf_handout_ends_with_the_chronology_page(atlas):
    figure = chronology_figure(chronology(atlas.layers, atlas.events), 2022)
    dots = sum(len(c.get_offsets()) for c in figure.axes[0].collections)
    assert dots == len(dated_in_files())
    pdf = PdfReader(io.BytesIO(make_export("pdf", atlas, ViewOptions())))
    assert len(pdf.pages) == len(atlas.scenes) + 1
    assert "Chronology" in pdf.pages[-1].extract_text()
