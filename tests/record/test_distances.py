import math

import pytest
from shapely.geometry import Point, box

from layers.record.distances import geodesic_km, measure, story_distances
from layers.record.loading import load_all


def test_geodesic_one_degree_of_latitude_near_43n():
    # One degree of latitude at 43°N on WGS84 is 111.1 km (meridian arc tables).
    assert geodesic_km((145.0, 42.5), (145.0, 43.5)) == pytest.approx(111.1, abs=0.1)


def test_nearest_points_between_shapes():
    a = box(145.0, 43.0, 145.1, 43.1)
    m = measure("gap", a, Point(145.2, 43.05))
    assert m.start == pytest.approx((145.1, 43.05), abs=1e-3)
    assert m.km == pytest.approx(geodesic_km((145.1, 43.05), (145.2, 43.05)), rel=1e-3)


def haversine_km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_story_distances_on_shipped_data():
    measures, missing = story_distances(load_all())
    assert missing == []
    km = {m.label: m.km for m in measures}
    # Published: 3.7 km Nosappu–Kaigara-jima (Cabinet Office), 16 km Hokkaido–Kunashiri
    # (Hokkaido Government). Nemuro–Yuzhno-Kurilsk: haversine on a 6371 km sphere between the
    # towns' published coordinates (43°19′48″N 145°35′E; 44°01′50″N 145°51′20″E) gives 80.9 km.
    assert km["Cape Nosappu to Kaigara-jima, the nearest Habomai islet"] == pytest.approx(
        3.7, abs=0.4
    )
    assert km["Hokkaido to Kunashir"] == pytest.approx(16.0, abs=1.5)
    assert km["Nemuro to Yuzhno-Kurilsk"] == pytest.approx(
        haversine_km(145.5833, 43.33, 145.8556, 44.0306), rel=0.005
    )


def test_missing_layer_is_reported_not_raised():
    measures, missing = story_distances({})
    assert measures == []
    assert len(missing) == 3
    assert missing[0].startswith("distance 'Cape Nosappu to Kaigara-jima")
