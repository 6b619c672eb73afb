"""Label placement (layers/plan/label_placement.py): Web Mercator pixels, estimated widths,
priority, sides and drops. The browser test (test_browser_labels.py) measures the real boxes."""

from __future__ import annotations

import pytest

from layers.core.records import LANGUAGES
from layers.plan.label_placement import (
    HIDDEN,
    Shown,
    Spot,
    place,
    placement,
    text_width,
    world_px,
    zoom_levels,
)


def spot(index: int, kind: str = "point", fid: str = "", lon: float = 145.0, text: str = "Nemuro"):
    texts = tuple((code, text) for code in LANGUAGES)
    return Spot("pts", index, lon, 43.3, kind, "near", fid or f"f{index}", None, texts)


SHOWN = Shown(frozenset({"pts"}), None, "en", True, True, frozenset(), False)


def test_web_mercator_pixels_match_leaflet():
    assert world_px(0.0, 0.0, 0) == pytest.approx((128.0, 128.0))
    assert world_px(180.0, 0.0, 1) == pytest.approx((512.0, 256.0))
    # 85.0511 N is the top edge of the Web Mercator world
    assert world_px(-180.0, 85.0511287798, 2)[1] == pytest.approx(0.0, abs=1e-6)


def test_widths_are_never_less_than_an_em_per_ideograph():
    assert text_width("国後島", 16) >= 3 * 16
    assert text_width("Nemuro", 16) > text_width("Nemu", 16) > 0


def test_crowded_points_take_the_other_sides_then_drop():
    crowd = [spot(i) for i in range(5)]  # five labels on one point
    codes = place(crowd, SHOWN, 9.0)
    assert codes == {0: "r", 1: "l", 2: "t", 3: "b"}


def test_a_highlighted_label_goes_first_and_apart_labels_all_stay():
    crowd = [spot(0, fid="a"), spot(1, fid="b")]
    shown = Shown(frozenset({"pts"}), None, "en", True, True, frozenset({("pts", "b")}), False)
    assert place(crowd, shown, 9.0) == {1: "r", 0: "l"}
    apart = [spot(0), spot(1, lon=146.0)]  # ~80 km apart: far apart at zoom 9
    assert place(apart, SHOWN, 9.0) == {0: "r", 1: "r"}


def test_point_labels_hide_far_out_and_every_level_gets_a_code():
    codes = placement((spot(0),), SHOWN)["labels"]["pts"][0]
    assert len(codes) == len(zoom_levels()) == 33
    assert codes[0] == HIDDEN  # zoom 4: far, a point's label is not shown
    assert codes[-1] == "r"
