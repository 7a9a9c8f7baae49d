"""The profile page: every field checked, every error next to its field, all saved or nothing."""

import io
import random
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.common.iin import check_digit, generate_iin
from qala.notifications.models import Channel
from qala.notifications.selectors import preferences_of

pytestmark = pytest.mark.django_db
PROFILE = "/en/profile/"
IIN = generate_iin(random.Random(7), birth=date(1990, 1, 15), male=True)  # 9001153…


def picture(size=(800, 500), fmt="PNG", name="me.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def valid(**changes) -> dict:
    data = {
        "first_name": "Әсел",
        "last_name": "Нұрланқызы-О’Брайен",
        "display_name": "Asel N.",
        "phone": "8 701 234 56 78",
        "language": "ru",
        "iin": IIN,
        "notify_email": "",  # an unticked box sends nothing
        "notify_telegram": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.fixture
def resident(client):
    user = UserFactory(first_name="Айгерим", phone="+77011112233")
    client.force_login(user)
    return user


def test_the_profile_is_saved_with_every_field(client, resident):
    response = client.post(PROFILE, valid(avatar=picture()))
    # the page comes back in the language just chosen
    assert (response.status_code, response["Location"]) == (302, "/ru/profile/")
    resident.refresh_from_db()
    assert (resident.first_name, resident.last_name, resident.display_name) == (
        "Әсел",
        "Нұрланқызы-О’Брайен",
        "Asel N.",
    )
    assert (resident.phone, resident.language, resident.iin) == ("+77012345678", "ru", IIN)
    assert preferences_of(resident) == {Channel.IN_APP: True, Channel.EMAIL: False, Channel.TELEGRAM: True}
    with Image.open(resident.avatar.path) as avatar:
        assert (avatar.format, avatar.size) == ("JPEG", (256, 256))


def test_a_small_avatar_is_cropped_square_without_being_enlarged(client, resident):
    client.post(PROFILE, valid(avatar=picture(size=(120, 90), fmt="JPEG", name="small.jpg")))
    resident.refresh_from_db()
    with Image.open(resident.avatar.path) as avatar:
        assert avatar.size == (90, 90)


def test_the_iin_is_shown_masked_and_kept_when_left_empty(client, resident):
    client.post(PROFILE, valid())
    page = client.get("/en/profile/").content.decode()
    assert f"{IIN[:8]}****" in page and IIN not in page
    client.post(PROFILE, valid(iin=""))
    resident.refresh_from_db()
    assert resident.iin == IIN
    other = generate_iin(random.Random(8), birth=date(2001, 3, 9), male=False)
    client.post(PROFILE, valid(iin=other))
    resident.refresh_from_db()
    assert resident.iin == other


def test_the_iin_is_masked_for_everyone_else_even_in_the_admin(client):
    owner = UserFactory(iin=IIN)
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(f"/en/admin/accounts/user/{owner.pk}/change/").content.decode()
    assert owner.iin_masked in page and IIN not in page


def iin_with_bad_date() -> str:
    first_eleven = "901315" + "3" + "0123"  # month 13
    digit = check_digit(first_eleven)
    return first_eleven + str(digit if digit is not None else 0)


BAD_INPUTS = [
    ("iin", {"iin": IIN[:-1] + str((int(IIN[-1]) + 1) % 10)}, "does not exist"),
    ("iin", {"iin": iin_with_bad_date()}, "date of birth"),
    ("iin", {"iin": "12345"}, "12 digits"),
    ("phone", {"phone": "12345"}, "Kazakhstani phone number"),
    ("phone", {"phone": "+7 916 123 45 67"}, "Kazakhstani phone number"),  # a Russian mobile
    ("avatar", {"avatar": SimpleUploadedFile("me.jpg", b"not a picture at all", "image/jpeg")}, "not a photo"),
    ("first_name", {"first_name": "Asel!"}, "may contain only letters"),
    ("last_name", {"last_name": "Smith2"}, "may contain only letters"),
    ("last_name", {"last_name": "Smith--Jones"}, "no two spaces, hyphens or apostrophes in a row"),
    ("display_name", {"display_name": "me@example.kz"}, "e-mail address"),
    ("language", {"language": "de"}, "Select a valid choice"),
]


@pytest.mark.parametrize(
    ("field", "change", "message"), BAD_INPUTS, ids=[f"{c[0]}-{i}" for i, c in enumerate(BAD_INPUTS)]
)
def test_a_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(field, change, message, client, resident):
    response = client.post(PROFILE, valid(**change))
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    resident.refresh_from_db()
    assert (resident.first_name, resident.phone, resident.iin, resident.language) == ("Айгерим", "+77011112233", "", "")
    assert not resident.avatar
    assert preferences_of(resident)[Channel.EMAIL] is True


def test_every_bad_field_is_reported_at_once(client, resident):
    response = client.post(
        PROFILE,
        valid(
            iin="900115300000",
            phone="000",
            avatar=SimpleUploadedFile("x.png", b"\x89PNG broken", "image/png"),
            first_name="A@",
        ),
    )
    assert set(response.context["form"].errors) == {"iin", "phone", "avatar", "first_name"}
    resident.refresh_from_db()
    assert resident.display_name == ""


def test_the_avatar_can_be_removed(client, resident):
    client.post(PROFILE, valid(avatar=picture()))
    resident.refresh_from_db()
    assert resident.avatar
    client.post(PROFILE, valid(remove_avatar="on"))
    resident.refresh_from_db()
    assert not resident.avatar


def test_the_profile_keeps_the_telegram_section_and_the_points(client, resident):
    page = client.get(PROFILE).content.decode()
    assert "Get a link code" in page and "Points history" in page
    assert 'enctype="multipart/form-data"' in page


def test_the_profile_needs_sign_in(client):
    assert client.get(PROFILE)["Location"].startswith("/en/accounts/login/")
