"""The font the app carries for Japanese, so no machine needs a CJK font installed.

``layers/fonts/`` holds a subset of Noto Sans CJK JP (SIL OFL 1.1), Regular and Bold, renamed
to the family ``FAMILY`` ("Atlas Noto Sans JP") so it never collides with an installed Noto.
It has every character of ``geodata/`` and of the page's own Japanese, plus basic Latin,
Latin-1, Cyrillic and punctuation, so a Japanese label mixing scripts comes from one family.
It is made by ``python -m layers.build.fonts`` (see ``layers/fonts/README.md``).

The same files serve everything that draws text:

- the map (and its one-file HTML export): ``font_face_css()``, ``@font-face`` rules with the
  font inlined as a ``data:`` URL (WOFF, made in memory from the OpenType file; no request
  leaves the page, and the exported file works from disk);
- the Streamlit page around it: ``page_font_css()``;
- the PNG and PDF figures: ``register_with_matplotlib()`` (``layers.print.figure`` lists the
  family first and DejaVu Sans, matplotlib's own font, as the fallback).

``missing_chars`` and ``missing_glyphs`` say what a text needs that the carried font (and, for
figures, the DejaVu fallback) cannot draw, e.g. an uploaded layer in another script.
"""

from __future__ import annotations

import base64
import io
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

FAMILY = "Atlas Noto Sans JP"
FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
# CSS/OpenType weight -> the carried file of that weight
FONT_FILES = {
    400: FONT_DIR / "AtlasNotoSansCJKjp-Regular.otf",
    700: FONT_DIR / "AtlasNotoSansCJKjp-Bold.otf",
}
FONT_PATH = FONT_FILES[400]
# The figures' fallback for what the carried font lacks: matplotlib's own font (always there).
FALLBACK_FAMILY = "DejaVu Sans"
# Blocks a page's CJK text comes from; the page's own font family is given the carried font
# for these only (page_font_css), so its Latin text keeps Streamlit's font.
CJK_BLOCKS = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3400, 0x4DBF),  # ideographs, extension A
    (0x4E00, 0x9FFF),  # ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full- and half-width forms
)
CJK_RANGES = ", ".join(f"U+{lo:04X}-{hi:04X}" for lo, hi in CJK_BLOCKS)
# Streamlit's body font (its theme's "sansSerif", 1.67): one variable face, weights 100-900.
# A face added to the family must have the same descriptors, or Chromium matches the
# families' faces separately and Latin text loses Source Sans (it falls to sans-serif).
STREAMLIT_FAMILY = "Source Sans"
STREAMLIT_WEIGHTS = "100 900"


@cache
def _woff_data_url(weight: int, chars: str | None = None) -> str:
    """The carried font of ``weight`` as a WOFF ``data:`` URL: the same OpenType tables,
    zlib-compressed; cut down to ``chars`` if given. Made once per process."""
    from fontTools.ttLib import TTFont  # matplotlib's own dependency

    font = TTFont(FONT_FILES[weight], recalcTimestamp=False)
    if chars is not None:
        from fontTools import subset

        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]  # keep the copyright and licence records
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return "data:font/woff;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@cache
def font_face_css() -> str:
    """``<style>`` with the ``@font-face`` rules of ``FAMILY`` (Regular and Bold, about
    140 kB), for the map's header; the map's CSS names the family (``chrome.PAGE_CSS``)."""
    faces = "".join(
        f'@font-face{{font-family:"{FAMILY}";font-style:normal;font-weight:{weight};'
        f'font-display:block;src:url({_woff_data_url(weight)}) format("woff");}}\n'
        for weight in FONT_FILES
    )
    return f"<style>\n{faces}</style>"


@cache
def page_font_css(text: str = "") -> str:
    """``<style>`` for the Streamlit page: ``st.html(page_font_css())``.

    Streamlit's body family ("Source Sans") gets the carried font (Regular; bold is
    synthesised) for CJK characters only (``unicode-range``), so Japanese on the page
    ("日本語" in the language switch, and the characters of ``text``) draws with it while
    everything else keeps Streamlit's font. The font is cut down to those characters
    (a few kB: the page sends it on every full rerun)."""
    from layers.core.text import LANGUAGE_NAMES

    wanted = {c for c in "".join(LANGUAGE_NAMES.values()) + text if is_cjk(c)}
    chars = "".join(sorted(wanted & carried_chars()))
    if not chars:
        return ""
    return (
        f'<style>\n@font-face{{font-family:"{STREAMLIT_FAMILY}";font-style:normal;'
        f"font-weight:{STREAMLIT_WEIGHTS};font-display:block;unicode-range:{CJK_RANGES};"
        f'src:url({_woff_data_url(400, chars)}) format("woff");}}\n</style>'
    )


def register_with_matplotlib() -> None:
    """Make ``FAMILY`` known to matplotlib (both weights); doing it again changes nothing."""
    from matplotlib import font_manager

    known = {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}
    for path in FONT_FILES.values():
        if path.resolve() not in known:
            font_manager.fontManager.addfont(str(path))


@cache
def _charset(path: str) -> frozenset[str]:
    from matplotlib.ft2font import FT2Font

    return frozenset(chr(code) for code in FT2Font(path).get_charmap())


def carried_chars() -> frozenset[str]:
    """Every character the carried font draws (in both weights)."""
    return frozenset.intersection(*(_charset(str(path)) for path in FONT_FILES.values()))


@cache
def _fallback_chars() -> frozenset[str]:
    from matplotlib import font_manager

    paths = {
        font_manager.findfont(
            font_manager.FontProperties(family=FALLBACK_FAMILY, weight=weight),
            fallback_to_default=False,
        )
        for weight in ("normal", "bold")
    }
    return frozenset.intersection(*(_charset(path) for path in paths))


def is_cjk(char: str) -> bool:
    """Whether ``char`` is in one of the CJK blocks (ideographs, kana, CJK punctuation)."""
    return any(lo <= ord(char) <= hi for lo, hi in CJK_BLOCKS)


def _drawn(text: str) -> set[str]:
    """The characters of ``text`` that need a glyph (not spaces, line breaks or controls)."""
    return {c for c in text if not c.isspace() and unicodedata.category(c) not in {"Cc", "Cf"}}


def missing_chars(text: str) -> set[str]:
    """Characters of ``text`` the carried font does not have."""
    return _drawn(text) - carried_chars()


def missing_glyphs(texts: Iterable[str]) -> set[str]:
    """Characters a figure would draw as empty boxes: in neither the carried font nor its
    fallback (DejaVu Sans), the two fonts the figures draw with."""
    needed: set[str] = set()
    for text in texts:
        needed |= _drawn(text)
    return needed - carried_chars() - _fallback_chars()


def describe(chars: Iterable[str], limit: int = 12) -> str:
    """``"𠮷" (U+20BB7), "한" (U+D55C)``: characters named so a reader can find them."""
    ordered = sorted(set(chars))
    shown = ", ".join(f'"{c}" (U+{ord(c):04X})' for c in ordered[:limit])
    more = len(ordered) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def glyph_warning(chars: Iterable[str]) -> str | None:
    """The warning for a PNG/PDF export that would lose ``chars`` (None when there are none)."""
    chars = set(chars)
    if not chars:
        return None
    return (
        f"{len(chars)} character(s) are in neither font the PNG and PDF exports draw with "
        f"and will show there as empty boxes: {describe(chars)}. The app's own font covers "
        "the shipped data's Japanese, Latin and Cyrillic (layers/fonts/README.md)."
    )
