"""A reader's marks in the figure (PNG, SVG, and the PDF handout's scenes): each mark's
artists are where the mark is (its coordinates projected independently here), in its
colour and dash, with its arrow head and its label drawn literally."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Polygon
from pypdf import PdfReader
from pyproj import Geod, Transformer

from layers.core.records import Mark
from layers.exports import handout_bytes, make_export, png_bytes
from layers.plan.view import ViewOptions, plan_view, scene_options
from layers.print.figure import render_figure

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> $x$ **b**"
# The figure's projection, written out (layers.print.frame.CRS): Lambert conformal conic
LCC = "+proj=lcc +lat_1=38 +lat_2=52 +lat_0=45 +lon_0=143 +datum=WGS84 +units=m +no_defs"
MARKS = (
    Mark("l", "line", ((145.817, 43.385), (145.571, 43.713)), "#0072B2", False, True, HOSTILE),
    Mark("a", "area", ((145.2, 43.1), (145.5, 43.1), (145.5, 43.3)), "#009E73", True),
    Mark("t", "text", ((145.3, 43.6),), "#CC79A7", label="Nemuro Strait"),
    Mark("p", "point", ((145.6, 43.4),), "#000000", label="**b**"),
)
VIEW = ViewOptions(bounds=((42.9, 144.8), (44.2, 146.5)), marks=MARKS)


@pytest.fixture(scope="module")
def figure(atlas):
    return render_figure(plan_view(atlas.layers, VIEW, atlas.measures))


def artists(fig, gid: str) -> list:
    return [a for a in fig.findobj() if a.get_gid() == gid]


def test_each_mark_is_drawn_where_it_is_in_its_style(figure):
    project = Transformer.from_crs("EPSG:4326", LCC, always_xy=True)
    for mark in MARKS:
        expected = np.array([project.transform(lon, lat) for lon, lat in mark.coords])
        if mark.kind == "text":
            (text,) = artists(figure, "mark:t:text")
            assert text.get_text() == "Nemuro Strait"
            assert np.allclose(text.get_position(), expected[0])
            assert to_hex(text.get_color()).upper() == mark.color
            continue
        (shape,) = artists(figure, f"mark:{mark.id}")
        xy = shape.get_xy()[:-1] if isinstance(shape, Polygon) else shape.get_xydata()
        assert np.allclose(xy, expected)
        colour = shape.get_edgecolor() if isinstance(shape, Polygon) else shape.get_color()
        assert to_hex(colour).upper() == mark.color
        if mark.kind != "point":
            assert (shape.get_linestyle() not in ("-", "solid")) == mark.dashed
    assert len(artists(figure, "mark:l:arrow")) == 1
    assert artists(figure, "mark:a:arrow") == []


def test_labels_and_measures_are_drawn_literally(figure):
    metres = Geod(ellps="WGS84").inv(145.817, 43.385, 145.571, 43.713)[2]
    (line_text,) = artists(figure, "mark:l:text")
    assert line_text.get_text() == f"{HOSTILE}\n{metres / 1000:.1f} km ({metres / 1852:.1f} nmi)"
    (point_text,) = artists(figure, "mark:p:text")
    assert point_text.get_text() == "**b**"
    (area_text,) = artists(figure, "mark:a:text")
    assert area_text.get_text().endswith(" km²")


def test_the_png_of_a_view_with_marks_differs_from_one_without(atlas):
    plain = png_bytes(plan_view(atlas.layers, ViewOptions(bounds=VIEW.bounds), atlas.measures))
    marked = png_bytes(plan_view(atlas.layers, VIEW, atlas.measures))
    assert plain != marked


def test_a_scene_with_marks_draws_them_in_the_handout(atlas):
    from dataclasses import replace

    scene = replace(atlas.scenes[0], marks=MARKS[:1])
    assert scene_options(scene).marks == MARKS[:1]
    pdf = handout_bytes(atlas, [scene], ViewOptions())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # the scene, the chronology


def test_the_pdf_of_a_view_draws_its_marks_and_lists_them_as_text(atlas):
    marked = PdfReader(io.BytesIO(make_export("pdf_view", atlas, VIEW)))
    plain = PdfReader(io.BytesIO(make_export("pdf_view", atlas, ViewOptions(bounds=VIEW.bounds))))
    # one map picture (its sources may run on to a second page), drawing the marks
    (picture,) = [image for page in marked.pages for image in page.images]
    (plain_picture,) = [image for page in plain.pages for image in page.images]
    assert picture.data != plain_picture.data
    text = " ".join(" ".join(page.extract_text() for page in marked.pages).split())
    metres = Geod(ellps="WGS84").inv(145.817, 43.385, 145.571, 43.713)[2]
    assert "Marks drawn by the reader (4)" in text
    assert f"{metres / 1000:.1f} km ({metres / 1852:.1f} nmi)" in text
    assert "<script>alert(1)</script>" in text  # the label literally, as typed
    assert "Nemuro Strait" in text
    assert "Marks drawn" not in " ".join(page.extract_text() for page in plain.pages)
    # named as the view it is, not as the tour's handout
    view_title = plan_view(atlas.layers, VIEW, atlas.measures).title
    assert marked.metadata.title == view_title
    assert "classroom tour" not in text


def test_hostile_labels_stay_text_in_the_svg(atlas):
    from layers.exports import svg_bytes

    svg = svg_bytes(plan_view(atlas.layers, VIEW, atlas.measures)).decode("utf-8")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; $x$ **b**" in svg
    )
    assert "<script" not in svg
    assert "<img" not in svg


def test_a_tour_scene_s_view_has_its_marks(atlas):
    from dataclasses import replace

    from layers.plan.tour import tour_views

    scene = replace(atlas.scenes[0], marks=MARKS)
    (view,) = tour_views(atlas, [scene], ViewOptions())
    assert view.marks == MARKS
