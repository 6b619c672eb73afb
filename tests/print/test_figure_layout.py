"""The figure is laid out like the web map (issue 25): its legend covers no label and no
highlighted feature, no two labels overlap, no axis labels; and the SVG keeps text as text.

Boxes come from matplotlib's renderer (``get_window_extent``) on the drawn figure; markers
and shapes are projected here with pyproj, independently of the figure's own layout code.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely
from defusedxml import ElementTree
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from pyproj import Transformer

from harness.paths import ARTIFACTS_DIR
from layers.exports import svg_bytes
from layers.plan.view import ViewOptions, plan_view, scene_options
from layers.print.figure import CRS, render_figure
from layers.print.figure_labels import CORNERS, choose_corner

TO_MAP = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
KUNASHIR = ((43.55, 145.25), (44.65, 146.6))  # Kunashir and Shikotan, Rausu to the west
# Closer in: the old layout's legend lay over Shikotan's label here.
KUNASHIR_CLOSE = ((43.6, 145.35), (44.5, 146.2))
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


def kunashir_view(atlas, bounds=KUNASHIR):
    """A view zoomed to Kunashir, patrols off (the view of the issue's PNG)."""
    visible = frozenset(x.key for x in atlas.layers if x.spec.default_on) - {"joint_patrols"}
    options = ViewOptions(visible=visible, bounds=bounds)
    return plan_view(atlas.layers, options, atlas.measures)


def views(atlas):
    yield "kunashir", kunashir_view(atlas)
    yield "kunashir-close", kunashir_view(atlas, KUNASHIR_CLOSE)
    for scene in atlas.scenes:
        yield scene.id, plan_view(atlas.layers, scene_options(scene), atlas.measures)


def label_texts(view) -> set[str]:
    names = {label.text for layer in view.layers for label in layer.labels}
    return names | {f"{m.km:.1f} km" for m in view.distances}


def pixels(ax, geometry):
    """A lon/lat geometry in the figure's pixels."""

    def project(coords):
        x, y = TO_MAP.transform(coords[:, 0], coords[:, 1])
        return ax.transData.transform(np.column_stack([x, y]))

    return shapely.transform(geometry, project)


def highlighted_marks(ax, view, dpi: float):
    """Each highlighted feature as drawn on a slide: a point as its marker (diameter
    2.2 × radius points), a line or shape as itself."""
    for layer in view.layers:
        for drawn in layer.features:
            if drawn.highlighted:
                shape = pixels(ax, drawn.feature.geometry)
                if drawn.feature.kind == "point":
                    shape = shape.buffer(drawn.style.radius * 1.1 * dpi / 72)
                yield f"{layer.spec.key}/{drawn.feature.id}", shape


def drawn(view):
    fig = render_figure(view, "slide")
    fig.canvas.draw()
    return fig, fig.axes[0], fig.canvas.get_renderer()


def test_every_view_lays_out_its_legend_and_labels_clear_of_each_other(atlas):
    (ARTIFACTS_DIR / "exports").mkdir(parents=True, exist_ok=True)
    for name, view in views(atlas):
        fig, ax, renderer = drawn(view)
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("", ""), name
        wanted = label_texts(view)
        labels = [t for t in ax.texts if t.get_text() in wanted]
        assert labels, name
        boxes = {t.get_text(): t.get_window_extent(renderer) for t in labels}
        for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
            assert not box_a.overlaps(box_b), (name, a, b)
        frame = ax.get_window_extent(renderer)
        for text, box in boxes.items():
            assert frame.x0 <= box.x0, (name, text)
            assert box.x1 <= frame.x1, (name, text)
            assert frame.y0 <= box.y0, (name, text)
            assert box.y1 <= frame.y1, (name, text)
        legend = ax.get_legend().get_window_extent(renderer)
        for text, box in boxes.items():
            assert not legend.overlaps(box), (name, text)
        outline = shapely.box(legend.x0, legend.y0, legend.x1, legend.y1)
        for feature, shape in highlighted_marks(ax, view, fig.dpi):
            assert not outline.intersects(shape), (name, feature)
        if name == "kunashir":  # the view: its names and towns are all there
            assert {"Kunashiri / Kunashir", "Yuzhno-Kurilsk", "Shikotan"} <= set(boxes)
        fig.savefig(ARTIFACTS_DIR / "exports" / f"layout-{name}.png")


def test_the_legend_leaves_the_corner_a_highlighted_feature_is_in():
    fig = Figure(figsize=(8, 5), dpi=100)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
    ax.plot([0, 1], [0, 1], label="a line")

    def make(loc, anchor=None):
        return ax.legend(loc=loc, bbox_to_anchor=anchor)

    frame = ax.get_window_extent(renderer)
    lower_right = shapely.box(frame.x1 - 20, frame.y0, frame.x1, frame.y0 + 20)
    assert choose_corner(make, renderer, [lower_right], []) == (CORNERS[1], True)
    everywhere = shapely.box(*frame.extents)
    assert choose_corner(make, renderer, [everywhere], [])[1] is False  # then: outside


def test_svg_keeps_text_as_text(atlas, tmp_path):
    scene = atlas.scenes[0]
    view = plan_view(atlas.layers, scene_options(scene), atlas.measures)
    data = svg_bytes(view)
    (ARTIFACTS_DIR / "exports").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / "exports" / f"{scene.id}.svg").write_bytes(data)
    root = ElementTree.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG_NS}text")}
    assert scene.title in texts
    assert {"Kunashiri / Kunashir", "Etorofu / Iturup", "Legend"} <= texts
    assert not any("Easting" in t or "Northing" in t for t in texts)
    assert b"DejaVuSans-" not in data  # no glyph outlines defined for text


def test_cli_writes_an_svg_of_a_scene(tmp_path):
    from layers.__main__ import main

    out = tmp_path / "scene.svg"
    assert main(["export", "--scene", "militarisation", "--format", "svg", "--out", str(out)]) == 0
    root = ElementTree.fromstring(out.read_bytes())
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG_NS}text")}
    assert {"The islands as a frontier outpost", "Kurilsk", "Yuzhno-Kurilsk"} <= texts


def test_a_legend_with_no_free_corner_goes_outside_the_frame(atlas, monkeypatch):
    import layers.print.figure as figure

    def no_free_corner(*args, **kwargs):
        return CORNERS[0], False

    monkeypatch.setattr(figure, "choose_corner", no_free_corner)
    view = plan_view(atlas.layers, scene_options(atlas.scenes[3]), atlas.measures)
    fig, ax, renderer = drawn(view)
    frame = ax.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.x0 > frame.x1  # right of the map frame
    quotes = next(t for t in fig.texts if t.get_text() == "From the article")
    assert legend.x1 < quotes.get_window_extent(renderer).x0  # and left of the quotes
    wanted = label_texts(view)
    for text in (t for t in ax.texts if t.get_text() in wanted):
        box = text.get_window_extent(renderer)
        assert frame.x0 <= box.x0, text.get_text()
        assert box.x1 <= frame.x1, text.get_text()
