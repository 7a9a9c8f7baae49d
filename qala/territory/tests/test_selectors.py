import pytest
from django.utils import translation

from qala.territory import selectors
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db

KAZAKH_ORDER = [
    "Абай облысы",
    "Ақмола облысы",
    "Ақтөбе облысы",
    "Алматы",
    "Алматы облысы",
    "Астана",
    "Атырау облысы",
    "Батыс Қазақстан облысы",
    "Жамбыл облысы",
    "Жетісу облысы",
    "Қарағанды облысы",
    "Қостанай облысы",
    "Қызылорда облысы",
    "Маңғыстау облысы",
    "Павлодар облысы",
    "Солтүстік Қазақстан облысы",
    "Түркістан облысы",
    "Ұлытау облысы",
    "Шығыс Қазақстан облысы",
    "Шымкент",
]


def test_region_choices_are_the_twenty_top_level_units_in_kazakh_order(territories):
    with translation.override("kk"):
        places = selectors.region_choices()

    assert [place.name for place in places] == KAZAKH_ORDER


def test_region_choices_carry_centres_and_follow_the_language(territories):
    with translation.override("ru"):
        names = [place.name for place in selectors.region_choices()]
    with translation.override("en"):
        astana = next(place for place in selectors.region_choices() if place.code == "KZ-71")

    assert names[:3] == ["Абайская область", "Акмолинская область", "Актюбинская область"]
    assert names[-1] == "Шымкент"
    assert (astana.name, astana.kind) == ("Astana", Territory.Kind.REPUBLICAN_CITY)
    assert (astana.lat, astana.lon) == pytest.approx((51.1801, 71.44598))


def test_territory_children_are_sorted_by_localized_name(territories):
    with translation.override("kk"):
        names = [place.name for place in selectors.territory_children("KZ-71")]
    with translation.override("en"):
        akmola = selectors.territory_children(Territory.objects.get(code="KZ-11"))

    assert names == [
        "Алматы ауданы",
        "Байқоңыр ауданы",
        "Есіл ауданы",
        "Нұра ауданы",
        "Сарайшық ауданы",
        "Сарыарқа ауданы",
    ]
    assert len(akmola) == 20
    assert [place.name for place in akmola[:3]] == ["Akkol district", "Arshaly district", "Astrakhan district"]


def test_territory_choices_are_code_name_pairs(territories):
    with translation.override("en"):
        assert ("KZ-71", "Astana") in selectors.territory_choices()
        assert ("KZ-75-medeu", "Medeu district") in selectors.territory_choices("KZ-75")


def test_region_choices_take_one_query(territories, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.region_choices()


def test_kazakh_letters_sort_inside_the_alphabet():
    words = ["Өскемен", "Орал", "Қонаев", "Кентау", "Ұлытау", "Үржар", "Уральск", "Іле", "Ия"]

    assert sorted(words, key=selectors.name_sort_key) == [
        "Ия",
        "Кентау",
        "Қонаев",
        "Орал",
        "Өскемен",
        "Уральск",
        "Ұлытау",
        "Үржар",
        "Іле",
    ]
