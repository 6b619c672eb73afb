from layers.popups import display_name, escape, popup_html, tooltip_html
from layers.specs import REGISTRY, generic_spec

ISLANDS = REGISTRY["disputed_islands"]
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
    html = popup_html(ISLANDS, island())
    assert '<h3 lang="en">Kunashiri / Kunashir</h3>' in html
    assert '<span lang="ja" title="日本語">国後島 <i>(Kunashiri-tō)</i></span>' in html
    assert '<span lang="ru" title="Русский">Кунашир <i>(Kunashir)</i></span>' in html
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


def test_popup_in_japanese_leads_with_the_japanese_name():
    html = popup_html(ISLANDS, island(), lang="ja")
    assert '<h3 lang="ja">国後島</h3>' in html
    assert '<span lang="en" title="English">Kunashiri / Kunashir</span>' in html


def test_every_text_field_is_escaped():
    props = island(
        name_en=PAYLOAD,
        name_ja=PAYLOAD,
        claimed_by=PAYLOAD,
        quotes=[{"quote": PAYLOAD, "paragraph": PAYLOAD}],
        sources=[{"publisher": PAYLOAD, "title": PAYLOAD, "date": PAYLOAD, "url": PAYLOAD}],
    )
    for html in (popup_html(ISLANDS, props), tooltip_html(ISLANDS, props)):
        assert "<img" not in html
        assert "${" not in html
        assert "`" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "href=" not in popup_html(ISLANDS, props)  # a non-http url is not linked


def test_unregistered_layer_lists_its_properties_escaped():
    html = popup_html(generic_spec("my_layer"), {"name": "A <b>site</b>", "height_m": 12})
    assert '<h3 lang="en">A &lt;b&gt;site&lt;/b&gt;</h3>' in html
    assert "<tr><th>height_m</th><td>12</td></tr>" in html
    assert "From the article" not in html


def test_display_name_falls_back_to_english():
    assert display_name({"name_en": "Shikotan"}, "ru") == "Shikotan"
    assert display_name({"name_en": "Shikotan", "name_ru": "Шикотан"}, "ru") == "Шикотан"
    assert display_name({}, "en") == "(unnamed)"
