"""The article the map quotes: its paragraphs, and the check that a quote is verbatim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from layers.core.paths import ARTICLE_PATH

_WHITESPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to one space: the only difference a quote may have."""
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Article:
    """Title, subheadings and numbered paragraphs (1-based, headings not counted)."""

    title: str
    paragraphs: tuple[str, ...]
    headings: dict[int, str]  # heading text, keyed by the paragraph number it precedes

    def paragraph(self, number: int) -> str:
        if not 1 <= number <= len(self.paragraphs):
            raise IndexError(f"paragraph {number} out of range 1..{len(self.paragraphs)}")
        return self.paragraphs[number - 1]

    def find(self, quote: str) -> list[int]:
        """Paragraph numbers whose text contains ``quote`` (whitespace-insensitive)."""
        needle = normalise_space(quote)
        return [
            number
            for number, text in enumerate(self.paragraphs, start=1)
            if needle and needle in normalise_space(text)
        ]

    def quote_problem(self, quote: object, paragraph: object) -> str | None:
        """Why ``quote`` is not verbatim in ``paragraph``, or None when it is."""
        if not isinstance(quote, str) or not quote.strip():
            return "quote must be a non-empty string"
        if isinstance(paragraph, bool) or not isinstance(paragraph, int):
            return f"quote paragraph must be an integer, got {paragraph!r}"
        found = self.find(quote)
        if not found:
            return f"quote not found verbatim in the article: {quote[:60]!r}"
        if paragraph not in found:
            return f"quote is in paragraph {found[0]}, not paragraph {paragraph}: {quote[:60]!r}"
        return None


def parse_article(text: str) -> Article:
    """Parse the Markdown copy: ``# title``, ``## heading``, blank-line separated paragraphs."""
    title = ""
    paragraphs: list[str] = []
    headings: dict[int, str] = {}
    for block in re.split(r"\n\s*\n", text.strip()):
        block = block.strip()
        if block.startswith("## "):
            headings[len(paragraphs) + 1] = block[3:].strip()
        elif block.startswith("# "):
            title = block[2:].strip()
        elif block:
            paragraphs.append(block)
    if not title or not paragraphs:
        raise ValueError("article must have a '# title' line and at least one paragraph")
    return Article(title=title, paragraphs=tuple(paragraphs), headings=headings)


@lru_cache(maxsize=4)
def load_article(path: Path = ARTICLE_PATH) -> Article:
    return parse_article(path.read_text(encoding="utf-8"))
