"""The tour as a PowerPoint deck (python-pptx), 16:9: a title slide, one slide per scene,
a closing sources slide.

A scene's slide has the scene title as the slide's title (a real title placeholder; long
titles wrap in a smaller size), the map as a picture (the figure renderer at the "slide"
preset, without its own title, caption and quotes) with alt text saying what it shows, the
caption and the quotes (verbatim, with their paragraph numbers) as text boxes, and in the
speaker notes the sources of the features that map shows (publisher, title, date; each once).

Fonts. A deck does not carry fonts; the viewer's machine supplies them. Every run of text
names **Arial** for Latin and Cyrillic (Windows, macOS and Office have it; LibreOffice uses
its metric twin Liberation Sans) and **Yu Gothic** as the East Asian font (``<a:ea>``; on
Windows 10 and later and in Office for Mac) for Japanese in source titles. Where a machine
lacks them, PowerPoint or LibreOffice substitutes its own font for that script. Place names
on the map itself are in the picture, drawn with the font the app carries, so they never
depend on the viewer's fonts.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from layers.core.records import Source
from layers.plan.view import View
from layers.print.briefing import (
    ARTICLE_NOTE,
    all_sources,
    alt_text,
    by_publisher,
    map_png,
    source_text,
    view_sources,
)

LATIN_FONT = "Arial"  # Latin and Cyrillic
EAST_ASIAN_FONT = "Yu Gothic"  # Japanese
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's own 16:9
MARGIN = Inches(0.5)
TITLE_ONLY = 5  # the default template's "Title Only" layout
TITLE_SLIDE = 0


def _fonts(run, size: float, bold: bool = False, italic: bool = False, color: str = "") -> None:
    """Name the run's fonts (see the module's docstring) and set its size and style."""
    font = run.font
    font.name = LATIN_FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    if color:
        font.color.rgb = RGBColor.from_string(color)
    r_pr = run._r.get_or_add_rPr()
    latin = r_pr.find(qn("a:latin"))
    for tag, face in (("a:cs", LATIN_FONT), ("a:ea", EAST_ASIAN_FONT)):
        latin.addnext(r_pr.makeelement(qn(tag), {"typeface": face}))  # schema order: latin, ea, cs


def _paragraph(frame: TextFrame, text: str, size: float, first: bool = False, **style):
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    _fonts(run, size, **style)
    paragraph.space_after = Pt(size * 0.4)
    return paragraph


def title_size(title: str) -> float:
    """Points for a slide title: smaller as it grows, so two lines always hold it."""
    return 30 if len(title) <= 50 else 24 if len(title) <= 90 else 18 if len(title) <= 200 else 14


def _title(slide: Slide, text: str, top: int = MARGIN, height: int = Inches(1.1)) -> None:
    shape = slide.shapes.title
    if shape is None:
        raise ValueError("the slide's layout has no title placeholder")
    shape.left, shape.top = MARGIN, Emu(top)
    shape.width, shape.height = Emu(WIDTH - 2 * MARGIN), Emu(height)
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # PowerPoint shrinks what still overflows
    _paragraph(frame, text, title_size(text), first=True, bold=True)


def _box(slide: Slide, left: int, top: int, width: int, height: int) -> TextFrame:
    frame = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height)).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    return frame


def _notes(slide: Slide, heading: str, sources: Sequence[Source]) -> None:
    lines = [heading, *(f"- {source_text(s)}" for s in sources)]
    frame = slide.notes_slide.notes_text_frame
    if frame is None:
        raise ValueError("the deck's notes master has no body placeholder")
    frame.text = "\n".join(lines)


def scene_slide(slide: Slide, view: View) -> None:
    """``view`` (a tour scene) on ``slide``: title, map, caption, quotes; sources in notes."""
    _title(slide, view.title)
    top = MARGIN + Inches(1.15)
    picture_width = Inches(8.4)
    picture = slide.shapes.add_picture(
        io.BytesIO(map_png(view, "slide")), MARGIN, Emu(top), width=picture_width
    )
    picture._element.xpath("./p:nvPicPr/p:cNvPr")[0].set("descr", alt_text(view))
    picture.name = f"Map: {view.title}"
    caption_top = top + picture.height + Inches(0.15)
    caption = _box(slide, MARGIN, caption_top, picture_width, HEIGHT - caption_top - MARGIN)
    _paragraph(caption, view.subtitle, 14, first=True, color="333333")
    side = MARGIN + picture_width + Inches(0.3)
    quotes = _box(slide, side, top, WIDTH - side - MARGIN, HEIGHT - top - MARGIN)
    if view.quotes:
        _paragraph(quotes, "From the article", 16, first=True, bold=True)
        for quote in view.quotes:
            _paragraph(quotes, f"“{quote.text}”", 13, italic=True)
            _paragraph(quotes, f"— paragraph {quote.paragraph}", 11, color="444444")
    _notes(slide, f"Sources of what this map shows ({view.title}):", view_sources(view))


def about_size(about: str) -> float:
    """Points for the words about a tour on its title slide: smaller as they grow, so that
    the longest a tour file holds (2,000 characters) stays on the slide."""
    return 16 if len(about) <= 300 else 12 if len(about) <= 900 else 9


def deck_bytes(
    views: Sequence[View],
    article_title: str,
    today: dt.date | None = None,
    title: str = "",
    about: str = "",
) -> bytes:
    """The deck of ``views`` (one per tour scene) as a .pptx file; ``title`` and ``about``:
    a reader's own tour's, on the title slide ("": ours)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = title or "Frontier Atlas: classroom tour"
    deck.core_properties.language = "en"
    made = (today or dt.date.today()).isoformat()
    opening = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    top = Inches(0.9 if about else 2.2)  # room for the words about the tour
    _title(opening, deck.core_properties.title, top=top, height=Inches(1.5))
    subtitle = opening.placeholders[1]
    subtitle.left, subtitle.top = MARGIN, Emu(top + Inches(1.7))
    subtitle.width = Emu(WIDTH - 2 * MARGIN)
    subtitle.height = Emu(HEIGHT - subtitle.top - MARGIN) if about else Inches(1.6)
    frame = subtitle.text_frame
    frame.clear()
    frame.word_wrap = True
    as_of = views[0].data_as_of if views else ""
    line = f"{len(views)} scenes, quoting “{article_title}”"
    if about:
        _paragraph(frame, about, about_size(about), first=True)
    _paragraph(frame, line, 20, first=not about)
    _paragraph(frame, " · ".join(filter(None, ["Frontier Atlas", as_of, f"made {made}"])), 14)
    for view in views:
        scene_slide(deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY]), view)
    sources_slide(deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY]), views, article_title)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def sources_slide(slide: Slide, views: Sequence[View], article_title: str) -> None:
    """The closing slide: the article, then every source of every scene's map, in columns."""
    _title(slide, "Sources")
    top = MARGIN + Inches(1.15)
    frame = _box(slide, MARGIN, top, WIDTH - 2 * MARGIN, HEIGHT - top - Inches(0.3))
    frame._txBody.bodyPr.set("numCol", "3")
    frame._txBody.bodyPr.set("spcCol", str(Emu(Inches(0.25))))
    _paragraph(frame, f"The article: “{article_title}”, {ARTICLE_NOTE}.", 9, first=True, bold=True)
    _paragraph(frame, "Shoreline: GSHHG 2.3 (LGPL).", 9, bold=True)
    sources = all_sources(list(views))
    for publisher, titles in by_publisher(sources):
        paragraph = _paragraph(frame, f"{publisher}: ", 7, bold=True)
        _fonts(run := paragraph.add_run(), 7)
        run.text = "; ".join(titles) + "."
    _notes(slide, "Every source of the tour's maps:", sources)
