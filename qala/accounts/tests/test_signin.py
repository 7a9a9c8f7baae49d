"""Sign-in by username or e-mail, the captcha after failures, the lock-out with back-off, and password reset."""

import re

import pytest
from django.core import mail
from django.test import RequestFactory
from django.utils import translation

from qala.accounts import lockout
from qala.accounts.tests.factories import PASSWORD, UserFactory
from qala.accounts.tests.test_signup import solved_captcha

pytestmark = pytest.mark.django_db
LOGIN_URL = "/en/accounts/login/"
WRONG = "not-the-password"
MISMATCH = "and/or password you specified are not correct."
CAPTCHA_MISSING = "Type the characters from the picture."
LOCK_NOTICE = re.compile(r"Too many failed sign-in attempts\. Try again at [^(<]+ \(in (\d+ minutes?)\)\.")


@pytest.fixture
def user():
    return UserFactory(username="aigerim", email="aigerim@example.kz")


@pytest.fixture
def clock(monkeypatch):
    """The lock-out's clock, frozen; `clock.now += seconds` moves it on."""

    class Clock:
        now = 1_900_000_000.0

    monkeypatch.setattr(lockout, "_now", lambda: Clock.now)
    return Clock


def sign_in(client, login, password, *, captcha=False, address="10.0.0.1"):
    data = {"login": login, "password": password, **(solved_captcha() if captcha else {})}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=address)


def lock_notice(response):
    """The wait the page announces, e.g. "1 minute", or None when it announces no lock."""
    found = re.search(
        r"Too many failed sign-in attempts\. Try again at [^(<]+ \(in (\d+ minutes?)\)\.", response.content.decode()
    )
    return found and found.group(1)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def needs_captcha(login, address="10.0.0.1"):
    return lockout.captcha_required(RequestFactory().post(LOGIN_URL, REMOTE_ADDR=address), login)


def fail(client, login, times, *, address="10.0.0.1"):
    """Wrong passwords, answering the captcha whenever it is asked for (as a person would)."""
    for _ in range(times):
        response = sign_in(client, login, WRONG, captcha=needs_captcha(login, address), address=address)
        assert response.status_code == 200
        assert CAPTCHA_MISSING not in response.content.decode()
    return response


@pytest.mark.parametrize("login", ["aigerim@example.kz", "AIGERIM@example.kz", "aigerim", "Aigerim"])
def test_sign_in_by_email_or_username(client, user, login):
    response = sign_in(client, login, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_the_login_field_asks_for_either(client):
    page = client.get(LOGIN_URL).content.decode()
    assert "E-mail or username" in page
    assert 'name="captcha_1"' not in page


@pytest.mark.parametrize("login", ["aigerim@example.kz", "aigerim", "nobody@example.kz"])
def test_a_wrong_password_is_refused_and_counted(client, user, login):
    response = sign_in(client, login, WRONG)
    assert response.status_code == 200 and MISMATCH in response.content.decode()
    assert not signed_in_as(client)
    assert not lockout.captcha_required(response.wsgi_request, login)
    fail(client, login, 2)
    assert lockout.captcha_required(response.wsgi_request, login)


def test_the_captcha_appears_after_three_failures(client, user):
    second = fail(client, "aigerim", 2)
    assert 'name="captcha_1"' not in second.content.decode()
    third = sign_in(client, "aigerim", WRONG)
    assert 'name="captcha_1"' in third.content.decode()
    assert re.search(r'src="/captcha/image/\w+/"', third.content.decode())
    # The sign-in page itself now asks for it from this address, before any login is typed.
    assert 'name="captcha_1"' in client.get(LOGIN_URL, REMOTE_ADDR="10.0.0.1").content.decode()


def test_after_three_failures_the_right_password_needs_the_captcha(client, user):
    fail(client, "aigerim", 3)

    without = sign_in(client, "aigerim", PASSWORD)
    assert without.status_code == 200 and CAPTCHA_MISSING in without.content.decode()
    wrong_answer = client.post(
        LOGIN_URL,
        {"login": "aigerim", "password": PASSWORD, "captcha_0": "x", "captcha_1": "x"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert "The characters do not match the picture." in wrong_answer.content.decode()
    assert not signed_in_as(client)

    assert sign_in(client, "aigerim", PASSWORD, captcha=True).status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_the_account_captcha_follows_the_account_to_another_address(client, user):
    fail(client, "aigerim@example.kz", 3, address="10.0.0.1")
    elsewhere = sign_in(client, "aigerim", PASSWORD, address="10.9.9.9")  # username this time
    assert CAPTCHA_MISSING in elsewhere.content.decode()
    assert not signed_in_as(client)


def test_five_failures_lock_the_account_and_say_when_to_come_back(client, user, clock):
    fourth = fail(client, "aigerim", 4)
    assert lock_notice(fourth) is None

    fifth = sign_in(client, "aigerim", WRONG, captcha=True)
    assert lock_notice(fifth) == "1 minute"

    # Locked: even the right password with the captcha solved is refused, and the wait is shown again.
    clock.now += 30
    refused = sign_in(client, "aigerim", PASSWORD, captcha=True)
    assert lock_notice(refused) == "1 minute"
    assert not signed_in_as(client)
    # Also while the captcha is missing.
    assert lock_notice(sign_in(client, "aigerim", PASSWORD)) == "1 minute"


def test_the_lock_opens_after_its_time(client, user, clock):
    fail(client, "aigerim", 5)
    clock.now += 61
    assert sign_in(client, "aigerim", PASSWORD, captcha=True).status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_each_further_round_locks_twice_as_long(client, user, clock):
    fail(client, "aigerim", 5)
    clock.now += 61
    tenth = fail(client, "aigerim", 5)
    assert lock_notice(tenth) == "2 minutes"
    clock.now += 61
    assert lock_notice(sign_in(client, "aigerim", PASSWORD, captcha=True)) == "1 minute"
    clock.now += 60
    assert sign_in(client, "aigerim", PASSWORD, captcha=True).status_code == 302


def test_allauths_own_failure_limit_stays_on_for_two_factor_codes():
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS["login_failed"]


def test_the_lock_doubles_up_to_an_hour():
    assert [lockout.lock_seconds(n) for n in range(1, 10)] == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_the_account_lock_counts_every_login_that_names_the_account(client, user, clock):
    fail(client, "aigerim", 3)
    fifth = fail(client, "AIGERIM@example.kz", 2, address="10.0.0.2")
    assert lock_notice(fifth) == "1 minute"
    refused = sign_in(client, "aigerim@example.kz", PASSWORD, captcha=True, address="10.0.0.3")
    assert lock_notice(refused) == "1 minute"


def test_the_address_lock_applies_to_every_account_from_that_address(client, settings, clock):
    accounts = [UserFactory() for _ in range(6)]
    # Four wrong passwords on each of five accounts: no account is locked, but the address is.
    for account in accounts[:5]:
        last = fail(client, account.email, 4)
    assert lock_notice(last) == "1 minute"

    other = accounts[5]
    refused = sign_in(client, other.email, PASSWORD, captcha=True)
    assert lock_notice(refused) == "1 minute"
    assert not signed_in_as(client)

    # The same account from another address is not locked.
    assert sign_in(client, other.email, PASSWORD, address="10.0.0.2").status_code == 302
    assert signed_in_as(client) == str(other.pk)


def test_a_correct_sign_in_resets_the_accounts_count(client, user, clock):
    fail(client, "aigerim", 4)
    assert sign_in(client, "aigerim", PASSWORD, captcha=True).status_code == 302
    client.post("/en/accounts/logout/")

    # From another address, the account starts again from zero: no captcha yet, and no lock after four more.
    after = fail(client, "aigerim", 2, address="10.0.0.2")
    assert 'name="captcha_1"' not in after.content.decode()
    fail(client, "aigerim", 2, address="10.0.0.2")
    assert sign_in(client, "aigerim", PASSWORD, captcha=True, address="10.0.0.2").status_code == 302


def test_the_lock_message_gives_the_time_in_almaty(clock):
    # 1_900_000_090 is 17:48 UTC on 17 March 2030: 22:48 in Almaty (UTC+5).
    until = clock.now + 90
    assert lockout.locked_message(until) == "Too many failed sign-in attempts. Try again at 10:48 p.m. (in 2 minutes)."
    with translation.override("kk"):
        assert "22:48" in lockout.locked_message(until)


def test_a_forgotten_password_is_reset_by_email(client, user):
    # given: a reset asked for by e-mail address
    response = client.post("/en/accounts/password/reset/", {"email": "aigerim@example.kz"})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["aigerim@example.kz"]

    # when: the link is opened and a new password set
    link = re.search(r"https?://testserver(/[^\s]+/accounts/password/reset/key/[^\s]+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    new_password = "Jana-qupiya-sөz-2026"
    done = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302

    # then: the new password signs in, the old one does not
    client.post("/en/accounts/logout/")
    assert MISMATCH in sign_in(client, "aigerim", PASSWORD).content.decode()
    assert sign_in(client, "aigerim", new_password).status_code == 302
    assert signed_in_as(client) == str(user.pk)


def test_a_reset_by_email_lifts_the_accounts_lock(client, user, clock):
    fail(client, "aigerim", 5)
    client.post("/en/accounts/password/reset/", {"email": "aigerim@example.kz"}, REMOTE_ADDR="10.0.0.7")
    link = re.search(r"https?://testserver(/[^\s]+/accounts/password/reset/key/[^\s]+/)", mail.outbox[-1].body)
    set_password_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"password1": "Jana-qupiya-2026", "password2": "Jana-qupiya-2026"})
    client.post("/en/accounts/logout/")
    assert sign_in(client, "aigerim", "Jana-qupiya-2026", address="10.0.0.7").status_code == 302
