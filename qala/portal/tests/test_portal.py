"""City information: guides with a language fallback, drafts hidden, the directory, its map and search."""

import pytest

from qala.portal import search
from qala.portal.models import DirectoryEntry, Guide, GuideTranslation
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db


def guide(slug, texts, *, status="published", section="life", theme="housing", next_step=""):
    made = Guide.objects.create(slug=slug, section=section, theme=theme, status=status, next_step=next_step)
    for language, (title, summary) in texts.items():
        GuideTranslation.objects.create(
            guide=made,
            language=language,
            title=title,
            summary=summary,
            steps=["Шаг"],
            documents=["Удостоверение личности"],
        )
    return made


def entry(code, name_ru, kind="psc", district="KZ-71-yesil", **fields):
    return DirectoryEntry.objects.create(
        code=code,
        kind=kind,
        name_kk=fields.pop("name_kk", name_ru),
        name_ru=name_ru,
        name_en=fields.pop("name_en", name_ru),
        address_kk="Қабанбай батыр 1",
        address_ru="Кабанбай батыра 1",
        address_en="Kabanbay Batyr 1",
        territory=Territory.objects.get(code=district),
        latitude=51.12,
        longitude=71.43,
        **fields,
    )


@pytest.fixture
def content(city):
    return {
        "residence": guide(
            "register-residence",
            {
                "kk": ("Тұрғылықты жері бойынша тіркелу", "Мекенжай бойынша тіркелу тәртібі"),
                "ru": ("Регистрация по месту жительства", "Как зарегистрироваться по адресу"),
                "en": ("Registering your residence", "How to register at your address"),
            },
            next_step="file_appeal",
        ),
        "car": guide(
            "register-car",
            {
                "ru": ("Регистрация автомобиля", "Постановка на учёт в спецЦОН"),
                "kk": ("Көлікті тіркеу", "Мамандандырылған ХҚО-да есепке қою"),
            },
            theme="vehicles",
            next_step="book_psc",
        ),
        "draft": guide("secret-draft", {"ru": ("Черновик о регистрации", "Ещё не готово")}, status="draft"),
        "psc": entry("psc-yesil", "ЦОН района Есиль", name_kk="Есіл ауданының ХҚО", staff_notes="internal only"),
        "school": entry("school-12", "Школа-лицей №12", kind="school", district="KZ-71-saryarka"),
    }


def test_folding_turns_kazakh_letters_into_the_russian_ones_people_type():
    assert (
        search.fold("Қазақстан Өскемен Үкімет ҒАЛЫМ Ұлттық Һ Іле Әкім Ң")
        == "казакстан оскемен укимет галым улттык х иле аким н"
    )


def test_a_title_match_ranks_above_a_summary_match():
    title = search.indexed("Регистрация автомобиля", "", "")
    summary = search.indexed("Другое", "регистрация нужна", "")
    words = search.words("регистрация")
    assert search.score(title, words) > search.score(summary, words) > 0
    assert search.score(title, search.words("регистрация пингвин")) == 0


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("регистрация", "ru", ["register-residence", "register-car"]),
        ("тіркелу", "kk", ["register-residence"]),
        ("тиркелу", "kk", ["register-residence"]),  # typed without Kazakh letters
        ("RESIDENCE", "en", ["register-residence"]),
        ("көлік", "kk", ["register-car"]),
        ("колик", "kk", ["register-car"]),
    ],
)
def test_search_finds_guides_in_every_language(client, content, query, language, expected):
    response = client.get(f"/{language}/search/", {"q": query})
    found = [g.slug for g, _text, _fallback in response.context["guides"]]
    assert found[: len(expected)] == expected or sorted(found) == sorted(expected)
    assert "secret-draft" not in found


def test_search_ranks_title_matches_first(client, content):
    found = [g.slug for g, _t, _f in client.get("/ru/search/", {"q": "регистрация автомобиля"}).context["guides"]]
    assert found[0] == "register-car"


def test_search_finds_organisations_with_folded_letters(client, content):
    places = client.get("/kk/search/", {"q": "есил хко"}).context["places"]
    assert [p.code for p in places] == ["psc-yesil"]


def test_a_missing_translation_shows_the_russian_text_with_a_note(client, content):
    page = client.get("/en/guide/register-car/").content.decode()
    assert "Регистрация автомобиля" in page
    assert "not yet translated into your language" in page
    own = client.get("/kk/guide/register-car/").content.decode()
    assert "Көлікті тіркеу" in own and "not yet translated" not in own


def test_a_draft_is_hidden_from_the_public(client, content):
    assert client.get("/ru/guide/secret-draft/").status_code == 404
    assert "Черновик" not in client.get("/ru/guides/").content.decode()


def test_each_guide_shows_when_it_last_changed_and_its_next_step(client, content):
    page = client.get("/en/guide/register-residence/").content.decode()
    assert "Last changed" in page and "/en/appeal/" in page
    assert "/en/booking/" in client.get("/en/guide/register-car/").content.decode()


def test_directory_filters_by_type_and_district(client, content):
    schools = client.get("/en/directory/", {"kind": "school"}).content.decode()
    assert "Школа-лицей №12" in schools and "ЦОН района Есиль" not in schools
    yesil = Territory.objects.get(code="KZ-71-yesil").pk
    in_yesil = client.get("/en/directory/", {"district": yesil}).content.decode()
    assert "ЦОН района Есиль" in in_yesil and "Школа-лицей" not in in_yesil


def test_the_map_data_is_bounded_and_carries_no_staff_only_fields(client, content, settings):
    body = client.get("/en/directory/map.json").json()
    assert {m["code"] for m in body["markers"]} == {"psc-yesil", "school-12"}
    assert set(body["markers"][0]) == {"code", "name", "kind", "kind_label", "address", "lat", "lon"}
    assert "internal only" not in str(body)
    settings.QALA_MAP_MAX_MARKERS = 1
    assert len(client.get("/en/directory/map.json").json()["markers"]) == 1
    assert [m["code"] for m in client.get("/en/directory/map.json", {"kind": "school"}).json()["markers"]] == [
        "school-12"
    ]


def test_directory_pages_have_a_fixed_number_of_queries(client, content, django_assert_max_num_queries):
    for index in range(20):
        entry(f"clinic-{index}", f"Поликлиника №{index}", kind="clinic")
    with django_assert_max_num_queries(6):
        client.get("/en/directory/")
    with django_assert_max_num_queries(6):
        client.get("/en/guides/")


def test_an_entry_links_to_filing_an_appeal(client, content):
    page = client.get("/ru/directory/psc-yesil/").content.decode()
    assert "/ru/appeal/" in page and "internal only" not in page


def test_the_demo_content_loads_and_is_complete(city):
    from qala.portal.services import directory_load, guides_load

    assert directory_load() >= 60
    assert guides_load() >= 12
    assert DirectoryEntry.objects.filter(territory__parent__code="KZ-71").count() >= 60
    assert Guide.objects.filter(status="published").count() >= 12
    assert set(Guide.objects.values_list("section", flat=True)) == {"life", "business", "visitors"}
