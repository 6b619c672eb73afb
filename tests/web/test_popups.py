import pytest

from layers.core.records import Feature, Names
from layers.core.specs import REGISTRY, LayerSpec, generic_spec
from layers.core.text import escape, markdown_literal
from layers.record.article import load_article
from layers.record.parse import parse_feature
from layers.web.popups import popup_html, tooltip_html

ISLANDS = REGISTRY["disputed_islands"]
POLYGON = {
    "type": "Polygon",
    "coordinates": [[[145.5, 43.8], [146.0, 43.8], [146.0, 44.2], [145.5, 44.2], [145.5, 43.8]]],
}


def feature(props: dict, spec: LayerSpec = ISLANDS) -> Feature:
    """A typed feature parsed from ``props`` (the test fails if they do not parse)."""
    raw = {"type": "Feature", "properties": props, "geometry": POLYGON}
    parsed, problems = parse_feature(0, raw, spec, load_article())
    assert parsed is not None, problems
    return parsed


PAYLOAD = "<img src=x onerror=alert(1)>`${alert(2)}`\\u003c\"'"


def test_escape_neutralises_html_and_template_literals():
    assert escape(PAYLOAD) == (
        "&lt;img src=x onerror=alert(1)&gt;&#96;&#36;&#123;alert(2)}&#96;&#92;u003c&quot;&#x27;"
    )


def island(**extra):
    props = {
        "name_en": "Kunashiri / Kunashir",
        "name_ja": "国後島",
        "name_ja_romaji": "Kunashiri-tō",
        "name_ru": "Кунашир",
        "name_ru_latin": "Kunashir",
        "area_km2": 1519.8,
        "japan_official_area_km2": 1489,
        "administered_by": "Russia",
        "claimed_by": "Japan",
        "quotes": [
            {"quote": "The islands are no longer just a dispute to be shelved.", "paragraph": 8}
        ],
        "sources": [
            {
                "publisher": "MOFA",
                "title": "Northern Territories",
                "date": "2024",
                "url": "https://www.mofa.go.jp/x",
            }
        ],
    }
    props.update(extra)
    return props


def test_popup_has_names_article_block_and_facts_block():
    html = popup_html(feature(island()), ISLANDS.title)
    assert (
        '<h3><span lang="en" class="fa-l fa-l-en">Kunashiri / Kunashir</span>'
        '<span lang="ja" class="fa-l fa-l-ja">国後島</span>'
        '<span lang="ru" class="fa-l fa-l-ru">Кунашир</span></h3>'
    ) in html
    assert (
        '<span lang="ja" class="fa-o fa-o-ja" title="日本語">国後島 <i>(Kunashiri-tō)</i>' in html
    )
    assert '<span lang="ru" class="fa-o fa-o-ru" title="Русский">Кунашир <i>(Kunashir)</i>' in html
    assert (
        "<h4>From the article</h4><blockquote>“The islands are no longer just a dispute to be "
        "shelved.”<cite>article, paragraph 8</cite></blockquote>"
    ) in html
    assert "<h4>Facts (not from the article)</h4>" in html
    assert "<tr><th>Area published by Japan (km²)</th><td>1,489</td></tr>" in html
    assert (
        '<a href="https://www.mofa.go.jp/x" target="_blank" rel="noopener noreferrer">'
        "MOFA, “Northern Territories”, 2024</a>"
    ) in html


def test_a_name_missing_in_a_language_falls_back_to_english_in_the_heading():
    html = popup_html(feature(island(name_ja=None)), ISLANDS.title)
    assert '<span lang="ja" class="fa-l fa-l-ja">Kunashiri / Kunashir</span>' in html
    assert 'class="fa-o fa-o-ja"' not in html


def test_every_text_field_is_escaped():
    source = {"publisher": PAYLOAD, "title": PAYLOAD, "date": "2024", "url": "https://x/" + PAYLOAD}
    props = island(name_en=PAYLOAD, name_ja=PAYLOAD, claimed_by=PAYLOAD, sources=[source])
    parsed = feature(props)
    for html in (popup_html(parsed, PAYLOAD), tooltip_html(parsed, PAYLOAD)):
        assert "<img" not in html
        assert "${" not in html
        assert "`" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="https://x/&lt;img' in popup_html(parsed, "")


def test_a_quote_or_a_url_that_could_carry_a_payload_does_not_parse():
    """The feature is drawn without it (a quote not in the article, a source whose url is
    not http(s)), and the problem is named."""
    raw = {"type": "Feature", "geometry": POLYGON}
    for bad, kept in (
        (island(quotes=[{"quote": PAYLOAD, "paragraph": 1}]), lambda f: f.quotes),
        (
            island(sources=[{"publisher": "P", "title": "T", "date": "2024", "url": PAYLOAD}]),
            lambda f: f.sources,
        ),
    ):
        parsed, problems = parse_feature(0, raw | {"properties": bad}, ISLANDS, load_article())
        assert parsed is not None
        assert kept(parsed) == ()
        assert problems


def test_unregistered_layer_lists_its_properties_escaped():
    parsed = feature(
        {"name": "A <b>site</b>", "height_m": 12, "tags": ["a", 1.5, True]},
        generic_spec("my_layer"),
    )
    html = popup_html(parsed, "My layer")
    assert '<span lang="en" class="fa-l fa-l-en">A &lt;b&gt;site&lt;/b&gt;</span>' in html
    assert "<tr><th>height_m</th><td>12</td></tr>" in html
    assert "<tr><th>tags</th><td>a<br>1.5<br>yes</td></tr>" in html
    assert "From the article" not in html


def test_display_name_falls_back_to_english_then_to_what_the_file_calls_it():
    assert Names(en="Shikotan").display("ru") == "Shikotan"
    assert Names(en="Shikotan", ru="Шикотан").display("ru") == "Шикотан"
    assert Names().display("en") == "(unnamed)"
    assert feature({"Name": "From KML"}, generic_spec("kml")).names.display("ja") == "From KML"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("![t](http://host/p.png) $x^2$.geojson", r"!\[t\](http\://host/p.png) \$x^2\$.geojson"),
        ("a &lt;b&gt; &#128512; &amp;", r"a \&lt;b\&gt; \&#128512; \&amp;"),
        ("**bold** _it_ ~~s~~ :red[x]\nline", r"\*\*bold\*\* \_it\_ \~\~s\~\~ \:red\[x\] line"),
        ("# 1. - heading", r"\# 1. - heading"),
        ("1. first", r"1\. first"),
        (
            "Sakhalin-1 and Sakhalin-2 (class_notes.kml): <b>",
            "Sakhalin-1 and Sakhalin-2 (class_notes.kml): <b>",
        ),
        # "<" first opens an HTML block, where Markdown shows every later backslash
        ("<script>x</script> $y$", r"\<script>x</script> \$y\$"),
    ],
)
def test_markdown_literal_escapes_markup_and_nothing_else(text, shown):
    assert markdown_literal(text) == shown


DEPLOYMENTS = REGISTRY["deployments"]


def deployment(**extra) -> Feature:
    props = {
        "id": "d1",
        "name_en": "Test site",
        "system": "Bastion",
        "category": "missile",
        "reported": "2016-11-22",
        "reported_by": "Russian MoD",
        "confidence": "announced",
        "location_source": "test",
        "quotes": [],
        "sources": [
            {"publisher": "P1", "title": "T1", "date": "2016"},
            {"publisher": "P2", "title": "T2", "date": "2023"},
        ],
        **extra,
    }
    raw = {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [147.9, 45.2]},
    }
    parsed, problems = parse_feature(0, raw, DEPLOYMENTS, load_article())
    assert parsed is not None, problems
    return parsed


def test_popup_says_when_only_the_report_date_is_known():
    html = popup_html(deployment(), DEPLOYMENTS.title)
    assert "<li>First reported 22 November 2016 by Russian MoD.</li>" in html
    assert "<li>Only the date of the first report is known.</li>" in html
    assert "Began" not in html


def test_popup_words_all_three_dates_and_the_timeline_end():
    html = popup_html(deployment(began="1978", ended="2023-09"), DEPLOYMENTS.title)
    assert (
        '<ul class="fa-dates"><li>Began 1978.</li><li>Ended September 2023.</li>'
        "<li>First reported 22 November 2016 by Russian MoD.</li>"
        "<li>On the timeline up to and including 2023.</li></ul>"
    ) in html
    assert "Only the date of the first report" not in html


def test_a_value_links_to_the_source_that_states_it():
    html = popup_html(
        deployment(began="1978", began_source=2, reported_source=1), DEPLOYMENTS.title
    )
    assert '<li>Began 1978<sup class="fa-cite"><a href="#fa-src-deployments-d1-2">[2]</a>' in html
    assert "by Russian MoD.</li>" in html
    assert '22 November 2016<sup class="fa-cite"><a href="#fa-src-deployments-d1-1">[1]</a>' in html
    assert '<ol class="fa-sources"><li id="fa-src-deployments-d1-1">P1, “T1”, 2016</li>' in html
    assert '<li id="fa-src-deployments-d1-2">P2, “T2”, 2023</li></ol>' in html


def test_a_fact_in_the_table_carries_its_footnote():
    html = popup_html(feature(island(area_km2_source=1)), ISLANDS.title)
    assert (
        '<td>1,519.8<sup class="fa-cite"><a href="#fa-src-disputed_islands-0-1">[1]</a></sup></td>'
    ) in html


def test_a_mirror_says_so_and_an_archived_copy_is_linked():
    source = {
        "publisher": "TASS",
        "title": "T",
        "date": "2016",
        "url": "https://m.example/t",
        "via": PAYLOAD,
        "archive_url": "https://web.archive.org/x",
    }
    html = popup_html(feature(island(sources=[source])), ISLANDS.title)
    assert f"— via {escape(PAYLOAD)} (a mirror of the publisher's page)" in html
    assert (
        '(<a href="https://web.archive.org/x" target="_blank" rel="noopener noreferrer">'
        "archived copy</a>)"
    ) in html
    assert "<img" not in html
