import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from qala.accounts.models import User
from qala.territory import services
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db

YESIL_SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "KZ-71-yesil"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[71.40, 51.10], [71.47, 51.10], [71.47, 51.15], [71.40, 51.15], [71.40, 51.10]]],
            },
        }
    ],
}


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(email="root@example.kz", password="correct-horse-battery")
    client.force_login(user)
    return client


def url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/geo+json")


def test_the_list_shows_codes_names_and_boundaries(admin_client, boundaries):
    response = admin_client.get(url("admin:territory_territory_changelist"), {"q": "Сарайшық"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "KZ-71-saraishyk" in content and "Сарайшық ауданы" in content and "Saraishyk district" in content
    assert "KZ-71-yesil" not in content
    assert "Load boundaries from GeoJSON" in content


def test_the_list_filters_by_kind(admin_client, territories, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = admin_client.get(url("admin:territory_territory_changelist"), {"kind__exact": "city"})

    assert [row.code for row in response.context["cl"].result_list] == [
        "KZ-11-kokshetau",
        "KZ-11-kosshy",
        "KZ-11-stepnogorsk",
    ]


def test_the_change_page_summarises_the_boundary(admin_client, boundaries):
    astana = Territory.objects.get(code="KZ-71")

    response = admin_client.get(url("admin:territory_territory_change", astana.pk))

    assert response.status_code == 200
    assert "polygon" in response.content.decode()


def test_uploading_geojson_loads_boundaries(admin_client, territories):
    page = url("admin:territory_territory_load_boundaries")
    assert admin_client.get(page).status_code == 200

    response = admin_client.post(
        page, {"file": upload("yesil.geojson", json.dumps(YESIL_SQUARE).encode())}, follow=True
    )

    assert response.redirect_chain[-1][0] == url("admin:territory_territory_changelist")
    assert "Loaded 1 boundary." in [str(message) for message in response.context["messages"]]
    yesil = Territory.objects.get(code="KZ-71-yesil")
    assert yesil.boundary["type"] == "Polygon" and yesil.boundary_source == "yesil.geojson"


def test_uploading_the_bundled_file_loads_twenty_regions(admin_client, territories):
    content = services.BOUNDARIES_FILE.read_bytes()

    response = admin_client.post(
        url("admin:territory_territory_load_boundaries"), {"file": upload("kz-adm1.geojson", content)}, follow=True
    )

    assert "Loaded 20 boundaries." in [str(message) for message in response.context["messages"]]
    assert Territory.objects.filter(boundary__isnull=False).count() == 20


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"type": "FeatureCollection", "features": [', "The file is not valid JSON."),
        (b"\xff\xfe\x00garbage", "The file is not UTF-8 text."),
        (b'{"type": "Feature"}', "The file must be a GeoJSON FeatureCollection."),
        (json.dumps(YESIL_SQUARE).replace("KZ-71-yesil", "KZ-99").encode(), "No territory has these codes: KZ-99."),
    ],
)
def test_a_bad_upload_shows_the_error_and_saves_nothing(admin_client, territories, content, message):
    response = admin_client.post(
        url("admin:territory_territory_load_boundaries"), {"file": upload("bad.json", content)}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Territory.objects.filter(boundary__isnull=False).exists()


def test_the_upload_needs_the_change_permission(client, territories):
    clerk = User.objects.create_user(email="clerk@example.kz", password="correct-horse-battery", is_staff=True)
    client.force_login(clerk)

    response = client.post(
        url("admin:territory_territory_load_boundaries"),
        {"file": upload("y.geojson", json.dumps(YESIL_SQUARE).encode())},
    )

    assert response.status_code == 403
    assert not Territory.objects.filter(boundary__isnull=False).exists()
