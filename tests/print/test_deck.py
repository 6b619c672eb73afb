"""The PowerPoint deck (``python -m layers export --format pptx``), read back with
python-pptx: a title slide, a slide per scene (title, map picture with alt text, caption,
verbatim quotes, the map's sources in the notes), a closing sources slide."""

import math

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Pt

from layers.plan.view import ViewOptions, plan_view
from layers.print import deck

EMU_PER_PT = 12700


@pytest.fixture(scope="module")
def slides(atlas, tmp_path_factory):
    from layers.__main__ import main

    out = tmp_path_factory.mktemp("deck") / "deck.pptx"
    args = ["export", "--scene", "all", "--format", "pptx", "--out", str(out)]
    assert main(args) == 0
    presentation = Presentation(str(out))
    assert presentation.slide_width * 9 == presentation.slide_height * 16  # 16:9
    return list(presentation.slides)


def texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_a_title_slide_a_slide_per_scene_and_a_sources_slide(atlas, slides):
    assert len(slides) == len(atlas.scenes) + 2
    titles = [slide.shapes.title.text_frame.text for slide in slides]
    assert titles[0] == "Frontier Atlas: classroom tour"
    assert titles[1:-1] == [f"{n}. {s.title}" for n, s in enumerate(atlas.scenes, start=1)]
    assert titles[-1] == "Sources"
    assert atlas.article.title in texts(slides[0])


def test_each_scene_slide_has_its_map_caption_and_verbatim_quotes(atlas, slides):
    for slide, scene in zip(slides[1:-1], atlas.scenes, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        body = texts(slide)
        assert scene.caption in body
        for quote in scene.quotes:
            assert f"“{quote.text}”" in body
            assert f"— paragraph {quote.paragraph}" in body


def test_the_map_picture_says_what_it_shows(atlas, slides, shown_features):
    for number, (slide, scene) in enumerate(zip(slides[1:-1], atlas.scenes, strict=True), 1):
        picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
        alt = picture._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr")
        assert alt.startswith(f"Map: {number}. {scene.title}.")
        shown = {f.layer for f in shown_features(atlas, scene)}
        for layer in atlas.layers:
            if layer.key in shown:
                assert layer.spec.title in alt
        (south, west), (north, east) = scene.bounds
        assert f"Area {south:.1f}°N–{north:.1f}°N, {west:.1f}°E–{east:.1f}°E" in alt


def test_the_notes_cite_every_source_of_the_slides_map(atlas, slides, shown_features):
    for slide, scene in zip(slides[1:-1], atlas.scenes, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        expected = {(s.publisher, s.title) for f in shown_features(atlas, scene) for s in f.sources}
        assert expected
        for publisher, title in expected:
            assert f"- {publisher}, “{title}”, " in notes
        assert len(notes.splitlines()) == len(expected) + 1  # a heading, then each once


def test_the_closing_slide_names_the_article_and_every_source(atlas, slides, shown_features):
    body = texts(slides[-1])
    assert f"The article: “{atlas.article.title}”" in body
    everything = {
        (s.publisher, s.title)
        for scene in atlas.scenes
        for f in shown_features(atlas, scene)
        for s in f.sources
    }
    for publisher, title in everything:
        assert f"{publisher}: " in body
        assert f"“{title}”" in body


def test_every_run_names_a_latin_and_an_east_asian_font(slides):
    runs = [
        run
        for slide in slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert len(runs) > 50
    for run in runs:
        r_pr = run._r.find(qn("a:rPr"))
        faces = {child.tag: child.get("typeface") for child in r_pr}
        assert faces[qn("a:latin")] == "Arial"
        assert faces[qn("a:ea")] == "Yu Gothic"
        assert faces[qn("a:cs")] == "Arial"


@pytest.mark.parametrize("length", [20, 60, 120, 250])
def test_long_titles_wrap_inside_the_slide(atlas, length):
    """A title of any length stays on the slide: wrapped, in a size whose lines fit the
    title box (Arial's average letter is about 0.5 em wide; 0.6 allows for capitals)."""
    from pptx import Presentation as New

    title = ("Sakhalin energy and the islands " * 10)[:length].strip()
    view = plan_view(atlas.layers, ViewOptions(title=title))
    presentation = New()
    slide = presentation.slides.add_slide(presentation.slide_layouts[deck.TITLE_ONLY])
    deck._title(slide, view.title)
    shape = slide.shapes.title
    frame = shape.text_frame
    assert frame.word_wrap is True
    assert shape.left >= 0
    assert shape.left + shape.width <= deck.WIDTH
    assert shape.top >= 0
    assert shape.top + shape.height <= deck.HEIGHT
    size = frame.paragraphs[0].runs[0].font.size
    per_line = shape.width / EMU_PER_PT / (size.pt * 0.6)
    lines = math.ceil(len(title) / per_line)
    assert lines * size.pt * 1.2 <= shape.height / EMU_PER_PT
    assert size >= Pt(14)
