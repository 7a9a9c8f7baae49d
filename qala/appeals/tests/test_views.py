"""The resident's report, through the pages, including every bad-input path."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qala.accounts.tests.factories import UserFactory
from qala.appeals.models import Appeal, Category, Photo, ReportDraft
from qala.appeals.tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

STEP1, STEP2, STEP3 = "/en/report/", "/en/report/place/", "/en/report/details/"
GOOD_DETAILS = {
    "description": "Большая яма на дороге у подъезда",
    "address": "пр. Мангилик Ел, 8",
    "contact_phone": "8 701 234 56 78",
}


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content if content is not None else jpeg_bytes(), content_type=content_type)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 7.0, 42.0), 3: "E", 4: (71.0, 25.0, 50.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def resident(client, city):
    user = UserFactory()
    client.force_login(user)
    return user


def category_id(code="pothole"):
    return Category.objects.get(code=code).pk


def through_step2(client):
    client.post(STEP1, {"photos": [upload()]})
    client.post(STEP2, {"latitude": "51.1283", "longitude": "71.4306"})


# --- step 1: photos


def test_an_anonymous_visitor_is_sent_to_sign_in(client, city):
    response = client.get(STEP1)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_photos_are_added_one_by_one_and_can_be_removed(client, resident):
    client.post(STEP1, {"photos": [upload("a.jpg")]})
    client.post(STEP1, {"photos": [upload("b.png", _png())]})
    draft = ReportDraft.objects.get(user=resident)
    assert draft.photos.count() == 2
    client.post(STEP1, {"remove": draft.photos.first().pk})
    assert draft.photos.count() == 1
    assert "Remove" in client.get(STEP1).content.decode()


def _png():
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 200, 0, 128)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"this is a text file, not a photo", "is not a photo we can read"),
        ("cut.jpg", jpeg_bytes()[:400], "damaged or incomplete"),
        ("empty.jpg", b"", "is empty"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_saved(client, resident, name, content, message):
    response = client.post(STEP1, {"photos": [upload("good.jpg"), upload(name, content)]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert name in response.content.decode()
    assert Photo.objects.count() == 0


def test_at_most_five_photos(client, resident):
    client.post(STEP1, {"photos": [upload(f"{i}.jpg") for i in range(5)]})
    response = client.post(STEP1, {"photos": [upload("six.jpg")]})
    assert response.status_code == 400
    assert "at most 5 photos" in response.content.decode()
    assert Photo.objects.count() == 5


def test_next_without_a_photo_is_refused(client, resident):
    response = client.post(STEP1, {"next": "1"})
    assert response.status_code == 400
    assert "Add at least one photo" in response.content.decode()


# --- step 2: place


def test_place_needs_photos_first(client, resident):
    assert client.get(STEP2)["Location"] == STEP1


@pytest.mark.parametrize(
    ("point", "message"),
    [
        ({"latitude": "55.7558", "longitude": "37.6173"}, "must lie in Kazakhstan"),
        ({"latitude": "", "longitude": ""}, "Mark the place on the map"),
        ({"latitude": "abc", "longitude": "71"}, "Mark the place on the map"),
        ({"latitude": "95", "longitude": "71"}, "Mark the place on the map"),
    ],
)
def test_a_point_that_is_missing_broken_or_abroad_is_refused(client, resident, point, message):
    client.post(STEP1, {"photos": [upload()]})
    response = client.post(STEP2, point)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportDraft.objects.get(user=resident).has_place


def test_the_territory_is_found_from_the_point(client, resident):
    through_step2(client)
    draft = ReportDraft.objects.get(user=resident)
    assert draft.territory.code == "KZ-71-yesil"
    assert draft.territory.parent.code == "KZ-71"


# --- step 3: details


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"contact_phone": "+7 495 123 45 67"}, "Enter a Kazakhstani phone number"),
        ({"contact_phone": ""}, "Enter a phone number"),
        ({"description": "Яма"}, "at least 10 characters"),
        ({"description": "я" * 2001}, "within 2000 characters"),
        ({"category": ""}, "Choose a category"),
        ({"category": "999999"}, "Choose a category"),
    ],
)
def test_bad_details_are_explained_next_to_the_field_and_nothing_is_created(client, resident, change, field_message):
    through_step2(client)
    response = client.post(STEP3, {"category": category_id(), **GOOD_DETAILS, **change})
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert Appeal.objects.count() == 0
    assert ReportDraft.objects.get(user=resident).photos.count() == 1


def test_a_category_that_takes_no_reports_cannot_be_chosen(client, resident):
    through_step2(client)
    response = client.post(STEP3, {"category": category_id("public_transport"), **GOOD_DETAILS})
    assert response.status_code == 400
    assert Appeal.objects.count() == 0


def test_typed_details_survive_a_failed_submit_and_a_reload(client, resident):
    through_step2(client)
    client.post(STEP3, {"category": category_id(), **GOOD_DETAILS, "contact_phone": "12"})
    page = client.get(STEP3).content.decode()
    assert GOOD_DETAILS["description"] in page
    assert GOOD_DETAILS["address"] in page


def test_the_three_steps_create_the_appeal(client, resident):
    client.post(STEP1, {"photos": [upload("gps.jpg", jpeg_with_gps())]})
    client.post(STEP2, {"latitude": "51.1283", "longitude": "71.4306"})
    response = client.post(STEP3, {"category": category_id(), **GOOD_DETAILS})
    appeal = Appeal.objects.get()
    assert response["Location"] == f"/en/appeals/{appeal.number}/created/"
    page = client.get(response["Location"]).content.decode()
    assert "Your appeal was created." in page and appeal.number in page
    assert (appeal.status, appeal.applicant, appeal.contact_phone) == ("new", resident, "+77012345678")
    assert appeal.territory.code == "KZ-71-yesil" and appeal.deadline is not None
    assert appeal.events.get().kind == "submitted"
    stored = Image.open(appeal.photos.get().image.path)
    assert not stored.getexif()
    assert not ReportDraft.objects.filter(user=resident).exists()


def test_removing_a_forged_or_someone_elses_photo_changes_nothing(client, resident):
    other = UserFactory()
    client.force_login(other)
    client.post(STEP1, {"photos": [upload()]})
    theirs = Photo.objects.get()
    client.force_login(resident)
    assert client.post(STEP1, {"remove": "abc"}).status_code == 302
    assert client.post(STEP1, {"remove": theirs.pk}).status_code == 302
    assert Photo.objects.filter(pk=theirs.pk).exists()


def test_an_appeal_number_typed_in_lower_case_is_found(client, resident):
    through_step2(client)
    client.post(STEP3, {"category": category_id(), **GOOD_DETAILS})
    number = Appeal.objects.get().number
    assert client.get(f"/en/appeals/{number.lower().replace('-', '')}/").status_code == 200
