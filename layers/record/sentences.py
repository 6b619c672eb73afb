"""The article's sentences, for picking a quote: each one a verbatim slice of its paragraph,
so a quote chosen from them is verbatim by construction (``Article.quote_problem`` agrees)."""

from __future__ import annotations

import re

from layers.core.records import Quote
from layers.record.article import Article

# A sentence ends at . ! ? or … (and any closing quote or bracket) before a space and a
# capital, a digit or an opening quote; "Mr. Putin" style abbreviations are rare enough here.
_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[A-Z0-9\"“‘(])")


def sentences(paragraph: str) -> list[str]:
    """``paragraph`` cut into its sentences, each exactly as it is written there."""
    parts, start = [], 0
    for match in _END.finditer(paragraph):
        cut = match.start() + len(match.group(0).rstrip())
        parts.append(paragraph[start:cut].strip())
        start = match.end()
    parts.append(paragraph[start:].strip())
    return [part for part in parts if part]


def article_sentences(article: Article) -> list[Quote]:
    """Every sentence of the article, in order, as a quote of its paragraph."""
    return [
        Quote(text, number)
        for number, paragraph in enumerate(article.paragraphs, start=1)
        for text in sentences(paragraph)
    ]
