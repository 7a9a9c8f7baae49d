import math
from decimal import Decimal

import pytest

from qala.common.errors import Invalid
from qala.territory import routing, services
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db

BAITEREK = (51.128, 71.430)


def square(lat, lon, half):
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def load(code, geometry):
    services.boundaries_load({"type": "FeatureCollection", "features": [_feature(code, geometry)]}, source="test")


def _feature(code, geometry):
    return {"type": "Feature", "properties": {"code": code}, "geometry": geometry}


def test_a_point_in_central_astana_goes_to_an_astana_district(boundaries):
    territory = routing.route_point(51.165, 71.425)

    assert territory.kind == Territory.Kind.CITY_DISTRICT and territory.parent.code == "KZ-71"


def test_the_baiterek_is_in_yesil_district(boundaries):
    assert routing.route_point(*BAITEREK).code == "KZ-71-yesil"


def test_decimal_coordinates_are_accepted(boundaries):
    assert routing.route_point(Decimal("51.128300"), Decimal("71.430600")).code == "KZ-71-yesil"


def test_burabay_goes_to_burabay_district(boundaries):
    assert routing.route_point(53.08, 70.30).code == "KZ-11-burabay"


def test_an_almaty_point_goes_to_an_almaty_district(boundaries):
    territory = routing.route_point(43.238, 76.945)

    assert territory.kind == Territory.Kind.CITY_DISTRICT and territory.parent.code == "KZ-75"


@pytest.mark.parametrize(
    ("point", "code"),
    [((49.80187, 73.10211), "KZ-35"), ((42.30988, 69.60042), "KZ-79"), ((50.97075, 71.35311), "KZ-11-kosshy")],
)
def test_points_without_finer_units_stop_at_the_smallest_known_one(boundaries, point, code):
    assert routing.route_point(*point).code == code


@pytest.mark.parametrize(
    "point",
    [(55.7558, 37.6173), (42.87, 74.59), (42.0, 50.5), (0, 0)],
    ids=["Moscow", "Bishkek", "Caspian Sea", "Gulf of Guinea"],
)
def test_points_abroad_are_refused(boundaries, point):
    with pytest.raises(Invalid) as caught:
        routing.route_point(*point)

    assert caught.value.code == "outside_kazakhstan"
    assert str(caught.value.message) == "The point must lie in Kazakhstan."


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        (math.nan, 71.4, "latitude"),
        (51.1, math.inf, "longitude"),
        (Decimal("NaN"), 71.4, "latitude"),
        (Decimal("sNaN"), 71.4, "latitude"),
        ("abc", 71.4, "latitude"),
        ("51.1", 71.4, "latitude"),
        (91, 71.4, "latitude"),
        (51.1, -181, "longitude"),
        (None, 71.4, "latitude"),
        (True, 71.4, "latitude"),
        (10**400, 71.4, "latitude"),
    ],
)
def test_bad_coordinates_are_refused(territories, lat, lon, field):
    with pytest.raises(Invalid) as caught:
        routing.route_point(lat, lon)

    assert caught.value.code == "invalid_coordinates" and caught.value.field == field


def test_without_boundaries_the_nearest_centres_decide(territories):
    assert routing.route_point(*BAITEREK).code == "KZ-71-yesil"
    assert routing.route_point(53.08, 70.30).code == "KZ-11-burabay"
    with pytest.raises(Invalid, match="Kazakhstan"):
        routing.route_point(55.7558, 37.6173)


def test_a_loaded_district_boundary_beats_nearer_centres(boundaries):
    load("KZ-71-nura", square(*BAITEREK, 0.01))

    assert routing.route_point(*BAITEREK).code == "KZ-71-nura"
    assert routing.route_point(51.165, 71.425).code != "KZ-71-nura"  # outside its polygon, other centres compete


def test_the_smallest_containing_territory_wins(territories):
    load("KZ-71", square(51.0, 71.0, 1.0))
    load("KZ-11", square(51.0, 71.0, 2.0))  # overlaps Astana entirely

    assert routing.route_point(51.5, 71.5).parent.code == "KZ-71"
    assert routing.route_point(52.5, 72.5).parent.code == "KZ-11"


def test_a_point_just_outside_a_border_still_counts(no_territories):
    Territory.objects.create(code="KZ-71", kind="republican_city", centre_lat=51, centre_lon=71, name_en="Astana")
    load("KZ-71", square(51.0, 71.0, 0.5))

    assert routing.route_point(51.505, 71.0).code == "KZ-71"  # 0.005° north of the square
    with pytest.raises(Invalid):
        routing.route_point(51.6, 71.0)


def test_top_level_units_without_a_boundary_are_found_by_their_centres(territories):
    load("KZ-71", square(51.0, 71.0, 0.5))

    assert routing.route_point(52.5, 69.5).parent.code == "KZ-11"  # nearest of the other regions' centres
    with pytest.raises(Invalid):
        routing.route_point(55.7558, 37.6173)  # but never outside the box around Kazakhstan


def test_changes_are_seen_by_the_next_call(boundaries):
    assert routing.route_point(*BAITEREK).code == "KZ-71-yesil"

    load("KZ-71-saryarka", square(*BAITEREK, 0.001))
    assert routing.route_point(*BAITEREK).code == "KZ-71-saryarka"

    Territory.objects.get(code="KZ-71-saryarka").delete()
    assert routing.route_point(*BAITEREK).code == "KZ-71-yesil"


def test_warm_routing_takes_at_most_two_queries(boundaries, django_assert_max_num_queries):
    routing.route_point(*BAITEREK)  # builds the shapes

    for point in [BAITEREK, (53.08, 70.30), (43.238, 76.945), (49.8, 73.1)]:
        with django_assert_max_num_queries(2):
            routing.route_point(*point)


def test_the_returned_territory_is_a_private_copy(boundaries):
    first = routing.route_point(*BAITEREK)
    first.name_en = "changed in memory"

    assert routing.route_point(*BAITEREK).name_en == "Yesil district"
    assert first.boundary is None  # loads the deferred field: Yesil has no polygon of its own
