"""The PDF handout, typeset by Typst (the ``typst`` package: a self-contained compiler).

A reader's own tour with a title opens with a page of its title and what it is about. Then
one A4 landscape page per tour scene: the scene title (a heading), its caption, the map as
a picture (the figure renderer's, at the "a4" preset) with alt text, the article's quotes
(verbatim, with their paragraph numbers) and the sources of every feature that map shows
(publisher, title, date); then figure pages such as the chronology. The PDF is tagged
(headings, paragraphs, block quotes, figures with alt text, in reading order), declared
PDF/UA-1 (Typst refuses to write what breaks the rules it checks), has a title and a
language, and embeds its fonts as CID fonts (no Type 3): DejaVu Sans (matplotlib's own copy)
for Latin and Cyrillic, then the carried Atlas Noto Sans JP for Japanese. Installed fonts are
ignored, so every machine typesets the same document.

Every text from the data reaches the Typst source once, as a string literal
(``layers.core.text.typst_string``), never as markup.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import typst
from matplotlib.figure import Figure

from layers.core import fonts
from layers.core.text import typst_string as lit
from layers.plan.view import View
from layers.print.briefing import alt_text, by_publisher, figure_png, map_png, view_sources
from layers.record.marks import measure_text

TITLE = "Frontier Atlas: classroom tour"
FONT_PATHS = [fonts.FONT_DIR, Path(matplotlib.get_data_path()) / "fonts" / "ttf"]
FONT_LIST = f'("DejaVu Sans", {lit(fonts.FAMILY)})'
MAP_HEIGHT = "92mm"  # leaves the rest of the page to the caption, quotes and sources
MAP_DPI = 150  # the map pictures: about 1700 px across the page's 190 mm


@dataclass(frozen=True)
class FigurePage:
    """A page that is one matplotlib figure: its title as a heading, the figure as a
    picture with ``alt`` text, and ``text`` (what the figure lists) beneath it."""

    title: str
    figure: Figure
    alt: str
    text: str = ""


def _preamble(title: str, today: dt.date) -> str:
    made = f"datetime(year: {today.year}, month: {today.month}, day: {today.day})"
    return f"""#set document(title: {lit(title)}, author: "Frontier Atlas", date: {made})
#set text(font: {FONT_LIST}, size: 9pt, lang: "en", region: "GB")
#set page(paper: "a4", flipped: true, margin: (x: 12mm, top: 10mm, bottom: 12mm),
  footer: context text(size: 7pt, fill: rgb("#555"))[
    #{lit(f"{title} · made {today.isoformat()}")} #h(1fr) #counter(page).display()])
#set par(spacing: 0.6em)
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 2): set text(size: 8pt)
#show heading: set block(above: 0.4em, below: 0.5em)
"""


def _quotes(view: View) -> str:
    if not view.quotes:
        return "[]"
    parts = [f"heading(level: 2, {lit('From the article')})"]
    parts += [
        f"quote(block: true, quotes: true, attribution: {lit(f'paragraph {q.paragraph}')},"
        f" emph({lit(q.text)}))"
        for q in view.quotes
    ]
    return "{ set text(size: 9pt); " + "; ".join(parts) + " }"


def _sources(view: View) -> str:
    groups = by_publisher(view_sources(view))
    items = "; ".join(
        f"par[#strong({lit(publisher + ': ')})#{lit('; '.join(titles) + '.')}]"
        for publisher, titles in groups
    )
    heading = lit(f"Sources of what this map shows ({len(view_sources(view))})")
    return (
        f"#heading(level: 2, {heading})\n"
        f"#block(text(size: 6pt, columns(3, gutter: 5mm, {{ set par(spacing: 0.35em); "
        f"{items} }})))\n"
    )


def _marks(view: View) -> str:
    """The reader's marks as text under the map (the picture draws them): each with its
    label and measure, so a screen reader and a search find them too."""
    if not view.marks:
        return ""
    items = [
        ", ".join(part for part in (mark.kind, mark.label, measure_text(mark)) if part)
        for mark in view.marks
    ]
    listing = "; ".join(items) + "."
    return f"#text(size: 7pt, {lit(f'Marks drawn by the reader ({len(items)}): {listing}')})\n"


def scene_page(view: View, picture: str) -> str:
    """The Typst source of ``view``'s page; ``picture`` names its map's PNG."""
    return (
        f"#heading(level: 1, {lit(view.title)})\n"
        f'#text(fill: rgb("#333"), {lit(view.subtitle)})\n'
        f"#grid(columns: (1fr, 64mm), gutter: 6mm,\n"
        f'  image({lit(picture)}, width: 100%, height: {MAP_HEIGHT}, fit: "contain",\n'
        f"    alt: {lit(alt_text(view))}),\n"
        f"  {_quotes(view)})\n" + _marks(view) + _sources(view) + "#pagebreak(weak: true)\n"
    )


def title_page(title: str, about: str, scenes: int) -> str:
    """The Typst source of the opening page of a reader's own tour."""
    return (
        f"#heading(level: 1, {lit(title)})\n"
        + (f"#par(text(size: 11pt, {lit(about)}))\n" if about else "")
        + f'#text(fill: rgb("#333"), {lit(f"{scenes} scene(s), then the chronology")})\n'
        + "#pagebreak(weak: true)\n"
    )


def figure_page(page: FigurePage, picture: str) -> str:
    return (
        f"#heading(level: 1, {lit(page.title)})\n"
        f'#image({lit(picture)}, width: 100%, height: 1fr, fit: "contain", '
        f"alt: {lit(page.alt)})\n"
        + (f"#text(size: 6.5pt, {lit(page.text)})\n" if page.text else "")
        + "#pagebreak(weak: true)\n"
    )


def handout_pdf(
    views: Sequence[View],
    pages: Sequence[FigurePage] = (),
    today: dt.date | None = None,
    title: str = "",
    about: str = "",
    running: str = TITLE,
) -> bytes:
    """The handout of ``views`` (one page each) and then ``pages``, as PDF bytes; a reader's
    own tour's ``title`` (and ``about``) heads it on a page of its own ("": ours, no such
    page); ``running`` names the document in its footer and metadata when ``title`` does not."""
    today = today or dt.date.today()
    source = [_preamble(title or running, today)]
    if title:
        source.append(title_page(title, about, len(views)))
    with tempfile.TemporaryDirectory(prefix="atlas-handout-") as folder:
        root = Path(folder)
        for number, view in enumerate(views, start=1):
            name = f"map-{number}.png"
            (root / name).write_bytes(map_png(view, "a4", MAP_DPI))
            source.append(scene_page(view, name))
        for number, page in enumerate(pages, start=1):
            name = f"figure-{number}.png"
            (root / name).write_bytes(figure_png(page.figure, MAP_DPI))
            source.append(figure_page(page, name))
        main = root / "handout.typ"
        main.write_text("".join(source), encoding="utf-8")
        stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
        pdf = typst.compile(
            str(main),
            root=str(root),
            font_paths=[str(path) for path in FONT_PATHS],
            ignore_system_fonts=True,
            format="pdf",
            timestamp=stamp,
            pdf_standards=["ua-1"],  # Typst checks PDF/UA-1 and refuses what breaks it
        )
    if not isinstance(pdf, bytes):
        raise TypeError(f"typst returned {type(pdf).__name__}, not one PDF")
    return pdf
