"""Social sign-in, against a real OpenID Connect provider that this test suite runs on 127.0.0.1.

allauth's own views do the whole exchange: our POST starts it, the provider's /authorize answers with a
code, and allauth's callback fetches /token and /userinfo over HTTP before signing the resident in.
"""

import runpy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings as django_settings
from django.core import mail

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.accounts.tests.oidc_provider import OIDCProvider

pytestmark = pytest.mark.django_db
PROVIDER_ID = "egov"
LOGIN = f"/en/accounts/oidc/{PROVIDER_ID}/login/"
IDENTITY = {
    "sub": "egov-870412300415",
    "email": "dauren@example.kz",
    "email_verified": True,
    "given_name": "Дәурен",
    "family_name": "Сейітов",
    "name": "Дәурен Сейітов",
}


@pytest.fixture
def oidc(settings):
    with OIDCProvider(client_id="qala-test", client_secret="test-secret") as provider:
        provider.identity = dict(IDENTITY)
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": PROVIDER_ID,
                        "name": "eGov IDP",
                        "client_id": provider.client_id,
                        "secret": provider.client_secret,
                        "settings": {"server_url": provider.url, "oauth_pkce_enabled": True},
                    }
                ]
            }
        }
        yield provider


def sign_in_with_provider(client):
    """Start at Qala, let the provider answer, come back to allauth's callback; the callback's response."""
    start = client.post(LOGIN)
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith("http://127.0.0.1:")
    assert parse_qs(urlsplit(authorize).query)["code_challenge_method"] == ["S256"]

    answer = requests.get(authorize, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    callback = urlsplit(answer.headers["Location"])
    assert callback.netloc == "testserver"
    assert callback.path == f"/en/accounts/oidc/{PROVIDER_ID}/login/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_first_sign_in_creates_a_resident_with_the_verified_email(client, oidc):
    response = sign_in_with_provider(client)

    assert response.status_code == 302 and response["Location"] == "/en/"
    user = User.objects.get(email="dauren@example.kz")
    assert signed_in_as(client) == str(user.pk)
    assert (user.first_name, user.last_name) == ("Дәурен", "Сейітов")
    assert (user.role, user.is_staff, user.is_superuser) == (User.Role.CITIZEN, False, False)
    assert not user.has_usable_password()
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("dauren@example.kz", True, True)
    assert SocialAccount.objects.get(user=user).uid == IDENTITY["sub"]
    # allauth really asked the provider, over HTTP.
    assert "POST /token" in oidc.requests and "GET /userinfo" in oidc.requests


def test_a_second_sign_in_finds_the_same_account(client, oidc):
    sign_in_with_provider(client)
    first = User.objects.get()
    client.post("/en/accounts/logout/")
    assert not signed_in_as(client)

    oidc.identity["name"] = oidc.identity["given_name"] = "Dauren"  # the provider's data may change
    response = sign_in_with_provider(client)

    assert response.status_code == 302
    assert signed_in_as(client) == str(first.pk)
    assert User.objects.count() == 1 and SocialAccount.objects.count() == 1


def test_an_unverified_email_from_the_provider_is_not_taken_as_confirmed(client, oidc):
    oidc.identity["email_verified"] = False

    response = sign_in_with_provider(client)

    user = User.objects.get(email="dauren@example.kz")
    assert EmailAddress.objects.get(user=user).verified is False
    # Like any unconfirmed sign-up: not signed in until the link in the e-mail is opened.
    assert "/accounts/confirm-email/" in response["Location"]
    assert not signed_in_as(client)
    assert mail.outbox[-1].to == ["dauren@example.kz"]
    assert user.role == User.Role.CITIZEN


def test_a_provider_cannot_make_staff(client, oidc):
    oidc.identity.update(preferred_username="admin", role="admin", is_staff=True, groups=["admin"])

    sign_in_with_provider(client)

    user = User.objects.get(email="dauren@example.kz")
    assert (user.role, user.is_staff, user.is_superuser) == (User.Role.CITIZEN, False, False)
    assert not user.has_staff_role


def test_a_provider_email_that_belongs_to_an_account_does_not_open_that_account(client, oidc):
    owner = UserFactory(email="dauren@example.kz", role=User.Role.OPERATOR)

    response = sign_in_with_provider(client)

    assert response.status_code == 302
    assert not signed_in_as(client)
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == [owner.email]  # the owner hears that someone tried


def test_without_an_email_from_the_provider_the_resident_completes_the_form(client, oidc):
    del oidc.identity["email"], oidc.identity["email_verified"]

    form_page = sign_in_with_provider(client)
    assert form_page["Location"] == "/en/accounts/3rdparty/signup/"
    page = client.get(form_page["Location"]).content.decode()
    assert 'value="Дәурен Сейітов"' in page and 'href="/en/agreement/"' in page

    refused = client.post(form_page["Location"], {"name": "Дәурен Сейітов", "email": "d@example.kz"})
    assert "To create an account, accept the user agreement." in refused.content.decode()
    assert not User.objects.exists()

    client.post(
        form_page["Location"],
        {"name": "Дәурен Сейітов", "email": "d@example.kz", "agreement": "on", "role": "admin"},
    )
    user = User.objects.get(email="d@example.kz")
    assert (user.first_name, user.role, user.is_staff) == ("Дәурен Сейітов", User.Role.CITIZEN, False)
    assert EmailAddress.objects.get(user=user).verified is False  # typed by hand: confirmed by the link
    assert mail.outbox[-1].to == ["d@example.kz"]


def started_state(client):
    return parse_qs(urlsplit(client.post(LOGIN)["Location"]).query)["state"][0]


def test_cancelling_at_the_provider_changes_nothing(client, oidc):
    state = started_state(client)
    page = client.get(f"{LOGIN}callback/", {"error": "access_denied", "state": state}, follow=True)
    assert "Sign-in cancelled" in page.content.decode()
    assert not User.objects.exists() and not signed_in_as(client)


def test_a_code_the_provider_refuses_signs_nobody_in(client, oidc):
    state = started_state(client)
    page = client.get(f"{LOGIN}callback/", {"code": "forged", "state": state})
    assert "Sign-in did not work" in page.content.decode()
    assert "POST /token" in oidc.requests
    assert not User.objects.exists() and not signed_in_as(client)


def test_the_sign_in_page_offers_a_configured_provider(client, oidc):
    page = client.get("/en/accounts/login/").content.decode()
    assert f'action="{LOGIN}?process=login"' in page
    assert "eGov IDP" in page


@pytest.mark.parametrize("path", ["/en/accounts/google/login/", "/en/accounts/facebook/login/", LOGIN])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_provider_without_settings_is_not_shown_and_not_reachable(client, settings, path, method):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    page = client.get("/en/accounts/login/").content.decode()
    assert "Or sign in with" not in page and "/login/?process=login" not in page
    assert getattr(client, method)(path).status_code == 404


@pytest.mark.parametrize(
    ("provider", "authorize_host"), [("google", "accounts.google.com"), ("facebook", "www.facebook.com")]
)
def test_google_and_facebook_switch_on_with_their_client_id(client, settings, provider, authorize_host):
    settings.SOCIALACCOUNT_PROVIDERS = {provider: {"APPS": [{"client_id": "id-123", "secret": "s3cret"}]}}
    page = client.get("/en/accounts/login/").content.decode()
    assert f'action="/en/accounts/{provider}/login/?process=login"' in page

    start = client.post(f"/en/accounts/{provider}/login/")
    assert start.status_code == 302
    target = urlsplit(start["Location"])
    assert target.netloc == authorize_host
    assert parse_qs(target.query)["client_id"] == ["id-123"]


SETTINGS_FILE = Path(django_settings.BASE_DIR) / "qala" / "settings.py"
PROVIDER_VARIABLES = [
    "GOOGLE_CLIENT_ID",
    "GOOGLE_CLIENT_SECRET",
    "FACEBOOK_CLIENT_ID",
    "FACEBOOK_CLIENT_SECRET",
    "OIDC_PROVIDER_ID",
    "OIDC_PROVIDER_NAME",
    "OIDC_SERVER_URL",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
]


@pytest.fixture
def environment_only(monkeypatch):
    """Settings read from the process environment alone: no provider variables, and no .env file."""
    for name in PROVIDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_DEBUG", "true")
    monkeypatch.setattr(environ.Env, "read_env", classmethod(lambda cls, *args, **kwargs: None))


@pytest.mark.parametrize(
    ("environment", "providers"),
    [
        ({}, []),
        ({"GOOGLE_CLIENT_ID": "g"}, []),  # an id without its secret is not enough
        ({"GOOGLE_CLIENT_ID": "g", "GOOGLE_CLIENT_SECRET": "gs"}, ["google"]),
        ({"FACEBOOK_CLIENT_ID": "f", "FACEBOOK_CLIENT_SECRET": "fs"}, ["facebook"]),
        ({"OIDC_SERVER_URL": "https://idp.egov.kz", "OIDC_CLIENT_ID": "q"}, []),
        (
            {"OIDC_SERVER_URL": "https://idp.egov.kz", "OIDC_CLIENT_ID": "q", "OIDC_CLIENT_SECRET": "qs"},
            ["openid_connect"],
        ),
    ],
)
def test_the_environment_switches_providers_on(environment_only, monkeypatch, environment, providers):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    configured = runpy.run_path(str(SETTINGS_FILE))["SOCIALACCOUNT_PROVIDERS"]
    assert sorted(configured) == providers


def test_the_generic_provider_takes_its_id_and_name_from_the_environment(environment_only, monkeypatch):
    for name, value in {
        "OIDC_PROVIDER_ID": "egov",
        "OIDC_PROVIDER_NAME": "eGov IDP",
        "OIDC_SERVER_URL": "https://idp.egov.kz",
        "OIDC_CLIENT_ID": "qala",
        "OIDC_CLIENT_SECRET": "secret",
    }.items():
        monkeypatch.setenv(name, value)
    (app,) = runpy.run_path(str(SETTINGS_FILE))["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"]
    assert (app["provider_id"], app["name"], app["settings"]["server_url"]) == (
        "egov",
        "eGov IDP",
        "https://idp.egov.kz",
    )
