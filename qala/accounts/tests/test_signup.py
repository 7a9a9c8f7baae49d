"""Sign-up with e-mail and password, confirmed by a link, then sign-in."""

import re

import pytest
from django.core import mail

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
EMAIL, PASSWORD = "aigerim@example.kz", "Tazа-qala-2026!"


def test_sign_up_confirm_by_email_then_sign_in(client):
    response = client.post("/en/accounts/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.role == User.Role.CITIZEN and not user.has_staff_role

    # Until the address is confirmed, signing in leads to "confirm your e-mail", not into Qala.
    client.logout()
    refused = client.post("/en/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert "/accounts/confirm-email/" in refused["Location"]
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    client.post(path)
    signed_in = client.post("/en/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_weak_password_is_refused(client):
    weak = client.post("/en/accounts/signup/", {"email": "new@example.kz", "password1": "123", "password2": "123"})
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    assert not User.objects.exists()


def test_a_taken_email_makes_no_second_account_and_does_not_reveal_itself(client):
    UserFactory(email=EMAIL)
    taken = client.post("/en/accounts/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    # The page looks like any sign-up; the owner of the address is told by e-mail instead.
    assert "/accounts/confirm-email/" in taken["Location"]
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == [EMAIL]


def test_self_sign_up_never_grants_a_staff_role(client):
    client.post(
        "/en/accounts/signup/",
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "role": "admin", "is_staff": "on"},
    )
    user = User.objects.get(email=EMAIL)
    assert (user.role, user.is_staff, user.is_superuser) == (User.Role.CITIZEN, False, False)
