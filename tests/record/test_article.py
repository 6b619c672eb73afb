import pytest

from harness.paths import DATA_DIR, REPO_ROOT
from layers.record.article import load_article, parse_article


def test_parse_numbers_paragraphs_and_skips_headings():
    article = parse_article((DATA_DIR / "mini_article.md").read_text(encoding="utf-8"))
    assert article.title == "A title"
    assert article.paragraphs == ("First   paragraph\nwith a break.", "Second paragraph’s text.")
    assert article.headings == {2: "A heading"}


def test_quote_matches_ignoring_only_whitespace():
    article = parse_article((DATA_DIR / "mini_article.md").read_text(encoding="utf-8"))
    assert article.quote_problem("First paragraph with a break.", 1) is None
    assert article.quote_problem("paragraph's text", 2) == (
        'quote not found verbatim in the article: "paragraph\'s text"'
    )  # straight apostrophe is not the article's curly one


def test_quote_in_wrong_paragraph_names_the_right_one():
    article = parse_article((DATA_DIR / "mini_article.md").read_text(encoding="utf-8"))
    assert article.quote_problem("Second paragraph", 1) == (
        "quote is in paragraph 2, not paragraph 1: 'Second paragraph'"
    )


@pytest.mark.parametrize("paragraph", ["2", 2.0, True, None])
def test_paragraph_must_be_an_integer(paragraph):
    article = parse_article((DATA_DIR / "mini_article.md").read_text(encoding="utf-8"))
    assert "must be an integer" in article.quote_problem("Second paragraph", paragraph)


def test_article_without_title_is_rejected():
    with pytest.raises(ValueError, match="title"):
        parse_article("Just a paragraph.")


def test_shipped_article_drops_page_debris_and_keeps_title():
    article = load_article()
    assert article.title == "COMMENT: How the war in Ukraine has reshaped Russia–Japan ties"
    assert len(article.paragraphs) == 20
    assert article.headings == {5: "Two-way sanctions"}
    text = " ".join(article.paragraphs)
    assert "Unlock premium news" not in text
    assert ".jpg)" not in text
    assert article.paragraphs[-1].startswith("As such, Tokyo is more likely")


def test_shipped_article_matches_the_seed_text():
    seed = REPO_ROOT.parent / "shared" / "seeds" / "article.txt"
    if not seed.exists():
        pytest.skip(f"seed article not beside the repo at {seed}")
    seed_text = " ".join(seed.read_text(encoding="utf-8").split())
    for paragraph in load_article().paragraphs:
        assert " ".join(paragraph.split()) in seed_text
