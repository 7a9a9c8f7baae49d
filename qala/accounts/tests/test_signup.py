"""Sign-up with name, e-mail, password, the user agreement and a captcha, confirmed by a link, then sign-in."""

import re

import pytest
from captcha.models import CaptchaStore
from django.core import mail
from django.core.exceptions import ValidationError

from qala.accounts.forms import clean_person_name
from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
EMAIL, PASSWORD = "aigerim@example.kz", "Tazа-qala-2026!"


def solved_captcha() -> dict:
    """The answer a person would type for a fresh captcha picture."""
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def signup_data(**changes) -> dict:
    data = {
        "name": "Айгерім Нұрланқызы",
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "agreement": "on",
        **solved_captcha(),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def confirmation_path(message) -> str:
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)
    return link.split("testserver", 1)[1]


def test_sign_up_confirm_by_email_then_sign_in(client):
    response = client.post("/en/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.first_name == "Айгерім Нұрланқызы"
    assert user.role == User.Role.CITIZEN and not user.has_staff_role

    # Until the address is confirmed the account is not signed in, so it can file nothing.
    assert "_auth_user_id" not in client.session
    assert client.get("/en/report/")["Location"].startswith("/en/accounts/login/")
    refused = client.post("/en/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert "/accounts/confirm-email/" in refused["Location"]
    assert "_auth_user_id" not in client.session

    client.post(confirmation_path(mail.outbox[-1]))
    signed_in = client.post("/en/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_sign_up_page_has_every_field_the_captcha_picture_and_the_agreement_link(client):
    page = client.get("/en/accounts/signup/").content.decode()
    for name in ("name", "email", "password1", "password2", "agreement", "captcha_1"):
        assert f'name="{name}"' in page
    assert 'href="/en/agreement/"' in page
    picture = re.search(r'src="(/captcha/image/\w+/)"', page).group(1)
    image = client.get(picture)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_weak_password_is_refused(client):
    weak = client.post("/en/accounts/signup/", signup_data(email="new@example.kz", password1="123", password2="123"))
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    assert not User.objects.exists()


def test_a_taken_email_makes_no_second_account_and_does_not_reveal_itself(client):
    UserFactory(email=EMAIL)
    taken = client.post("/en/accounts/signup/", signup_data())
    # The page looks like any sign-up; the owner of the address is told by e-mail instead.
    assert "/accounts/confirm-email/" in taken["Location"]
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == [EMAIL]


def test_self_sign_up_never_grants_a_staff_role(client):
    client.post(
        "/en/accounts/signup/",
        signup_data(role="admin", is_staff="on", is_superuser="on", organisation="1", username="admin"),
    )
    user = User.objects.get(email=EMAIL)
    assert (user.role, user.is_staff, user.is_superuser) == (User.Role.CITIZEN, False, False)
    assert user.organisation_id is None


def test_the_user_agreement_must_be_accepted(client):
    response = client.post("/en/accounts/signup/", signup_data(agreement=None))
    assert response.status_code == 200
    assert "To create an account, accept the user agreement." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("captcha", "message"),
    [
        ({"captcha_0": None, "captcha_1": None}, "Type the characters from the picture."),
        ({"captcha_1": "wrong"}, "The characters do not match the picture."),
    ],
)
def test_the_captcha_must_be_solved(client, captcha, message):
    response = client.post("/en/accounts/signup/", signup_data(**captcha))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_a_captcha_answer_works_once(client):
    captcha = solved_captcha()
    client.post("/en/accounts/signup/", signup_data(**captcha, agreement=None))  # refused for another reason
    again = client.post("/en/accounts/signup/", signup_data(**captcha))
    assert "The characters do not match the picture." in again.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Әсел Ғалымқызы", "Әсел Ғалымқызы"),
        ("ҚҰНДЫЗ ҮСЕНОВА-ҺӨҢІРБАЕВА", "ҚҰНДЫЗ ҮСЕНОВА-ҺӨҢІРБАЕВА"),
        ("Анна-Мария Ёлкина", "Анна-Мария Ёлкина"),
        ("  Jean-Luc   O'Neil ", "Jean-Luc O'Neil"),
        ("Д’Артаньян", "Д’Артаньян"),
        ("Aigerim Nurlanqyzy", "Aigerim Nurlanqyzy"),
        ("Äsel Ğalymqyzy", "Äsel Ğalymqyzy"),
        ("Ли", "Ли"),
    ],
)
def test_names_in_kazakh_russian_or_latin_letters_are_accepted(typed, stored):
    assert clean_person_name(typed) == stored


@pytest.mark.parametrize(
    ("typed", "refused"),
    [("Aigerim2", "2"), ("Ai!gerim", "!"), ("Иван.Петров", "."), ("Ким_Ир", "_"), ("Αλέξης", "Α λ έ ξ η ς")],
)
def test_digits_punctuation_and_other_alphabets_are_named_in_the_error(typed, refused):
    with pytest.raises(ValidationError) as error:
        clean_person_name(typed)
    assert error.value.messages == [
        "A name may contain only letters of the Kazakh, Russian or Latin alphabet, spaces, hyphens and "
        f"apostrophes. Remove: {refused}"
    ]


@pytest.mark.parametrize("typed", ["-Айгерім", "Айгерім-", "Анна--Мария", "O' Neil", "'"])
def test_a_name_starts_and_ends_with_a_letter(typed):
    with pytest.raises(ValidationError, match="Start and end the name with a letter"):
        clean_person_name(typed)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Ай1", "A name may contain only letters"),
        ("А", "Ensure this value has at least 2 characters (it has 1)."),
        ("А" * 101, "Ensure this value has at most 100 characters (it has 101)."),
        ("", "This field is required."),
    ],
)
def test_a_bad_name_is_refused_on_the_page_and_nothing_is_saved(client, name, message):
    response = client.post("/en/accounts/signup/", signup_data(name=name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("language", "phrase"),
    [
        ("kk", "Пайдаланушы келісімі"),
        ("ru", "Пользовательское соглашение"),
        ("en", "User agreement"),
    ],
)
def test_the_user_agreement_is_shown_in_the_visitors_language(client, language, phrase):
    page = client.get(f"/{language}/agreement/").content.decode()
    assert phrase in page
    assert "109" in page


def test_the_user_agreement_says_appeals_stay_after_the_account_is_deleted(client, settings):
    settings.QALA_CONTACT_EMAIL = "help@qala.example.kz"
    page = client.get("/en/agreement/").content.decode()
    assert "your appeals stay, anonymised" in page
    assert "mailto:help@qala.example.kz" in page
