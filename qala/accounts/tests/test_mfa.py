"""Two-factor authentication for staff: no page opens until an authenticator app (TOTP) is set up."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from qala.accounts.models import User
from qala.accounts.tests.factories import PASSWORD, UserFactory
from qala.appeals.tests.factories import organisation, staff

pytestmark = pytest.mark.django_db
Role = User.Role
ACTIVATE = "/en/accounts/2fa/totp/activate/"
STAFF_ROLES = [Role.OPERATOR, Role.EXECUTOR, Role.ORG_MANAGER, Role.AKIMAT, Role.PSC_STAFF, Role.ADMIN]
# A page each role works on.
STAFF_PAGE = {
    Role.OPERATOR: "/en/staff/queue/",
    Role.EXECUTOR: "/en/staff/tasks/",
    Role.ORG_MANAGER: "/en/staff/tasks/",
    Role.AKIMAT: "/en/akimat/",
    Role.PSC_STAFF: "/en/profile/",
    Role.ADMIN: "/en/staff/queue/",
}


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.QALA_STAFF_REQUIRE_MFA = True


def staff_user(role):
    org = organisation() if role in (Role.EXECUTOR, Role.ORG_MANAGER) else None
    return staff(role, organisation=org)


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_totp_are_sent_to_set_it_up_from_every_page(role, client):
    client.force_login(staff_user(role))
    for path in ("/en/", STAFF_PAGE[role], "/en/my/", "/en/profile/", "/en/admin/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, ACTIVATE), path
    page = client.get("/en/", follow=True)
    assert "two-factor authentication" in page.content.decode()


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_after_totp_is_set_up_the_staff_pages_open(role, client):
    user = staff_user(role)
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    assert client.get(STAFF_PAGE[role]).status_code == 200
    assert client.get("/en/").status_code == 200


def test_residents_are_never_forced(client):
    client.force_login(UserFactory())
    for path in ("/en/", "/en/my/", "/en/profile/", "/en/report/"):
        assert client.get(path).status_code == 200, path


def test_the_setup_pages_sign_out_static_files_and_the_language_switch_stay_open(client):
    user = staff_user(Role.OPERATOR)
    client.force_login(user)
    activate = client.get(ACTIVATE)
    # allauth may first ask for the password again (force_login records no sign-in), never our redirect
    assert activate.status_code == 200 or "/reauthenticate/" in activate["Location"]
    assert client.get("/en/accounts/2fa/").status_code == 200
    assert client.get("/en/accounts/reauthenticate/").status_code == 200
    assert client.get("/static/qala/qala.css").status_code != 302
    assert client.post("/i18n/setlang/", {"language": "ru", "next": "/ru/"})["Location"] == "/ru/"
    assert client.post("/telegram/some-path/").status_code == 404  # the webhook answers for itself
    signed_out = client.post("/en/accounts/logout/")
    assert signed_out.status_code == 302 and "_auth_user_id" not in client.session


def test_an_htmx_request_is_sent_to_the_setup_page_as_a_whole(client):
    client.force_login(staff_user(Role.OPERATOR))
    response = client.get("/en/staff/queue/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == ACTIVATE


def test_the_setting_switches_the_requirement_off(client, settings):
    settings.QALA_STAFF_REQUIRE_MFA = False
    client.force_login(staff_user(Role.OPERATOR))
    assert client.get("/en/staff/queue/").status_code == 200


def test_a_staff_member_signs_in_sets_up_totp_and_then_signs_in_with_a_code(client):
    # given an operator signing in with a password for the first time
    operator = staff_user(Role.OPERATOR)
    signed_in = client.post("/en/accounts/login/", {"login": operator.email, "password": PASSWORD}, follow=True)
    assert [url for url, _status in signed_in.redirect_chain][:2] == ["/en/", ACTIVATE]
    # allauth asks for the password once more before a second factor is added
    reauthenticate = signed_in.redirect_chain[-1][0]
    assert reauthenticate.startswith("/en/accounts/reauthenticate/?next=")
    setup = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert setup.redirect_chain[-1][0] == ACTIVATE and setup.status_code == 200
    assert "two-factor authentication" in signed_in.content.decode()

    # when they scan the secret and type the code their app shows
    secret = client.session["mfa.totp.secret"]
    assert secret in setup.content.decode()
    activated = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=operator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/en/staff/queue/").status_code == 200

    # then the next sign-in asks for a code before any page opens
    client.post("/en/accounts/logout/")
    second = client.post("/en/accounts/login/", {"login": operator.email, "password": PASSWORD})
    assert second["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
