"""A resident's data: the JSON download holds theirs and nobody else's; deleting keeps the appeals, anonymised."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from qala.accounts import privacy
from qala.accounts.models import User
from qala.accounts.services import telegram_resident
from qala.accounts.tests.factories import PASSWORD, UserFactory
from qala.accounts.tests.test_signup import signup_data
from qala.appeals.models import Appeal, Applicant, Event
from qala.appeals.tests.factories import submitted_appeal
from qala.common.errors import NotAllowed
from qala.notifications.models import Notification, Preference
from qala.notifications.services import preference_set

pytestmark = pytest.mark.django_db
EXPORT, DELETE = "/en/profile/export/", "/en/profile/delete/"


@pytest.fixture
def resident():
    return UserFactory(
        email="aigerim@example.kz", first_name="Айгерим", last_name="Серикова", phone="+77015550011", iin="900115300017"
    )


def test_the_export_holds_the_users_appeals_and_nobody_elses(client, resident, city, settings):
    settings.QALA_SITE_URL = "https://qala.example.kz"
    # given two appeals of the resident and one of a neighbour
    mine = [submitted_appeal(applicant=resident), submitted_appeal(applicant=resident, contact_phone="+77015550011")]
    neighbour = UserFactory(email="neighbour@example.kz", phone="+77019998877")
    theirs = submitted_appeal(applicant=neighbour, contact_phone="+77019998877")
    client.force_login(resident)

    # when the resident downloads their data
    response = client.post(EXPORT)

    # then it is a JSON attachment with their appeals, events and photos
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="qala-data-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == "aigerim@example.kz" and data["profile"]["iin"] == "900115300017"
    assert data["email_addresses"] == [{"email": "aigerim@example.kz", "verified": True, "primary": True}]
    numbers = [appeal["number"] for appeal in data["appeals"]]
    assert sorted(numbers) == sorted(appeal.number for appeal in mine)
    assert all(appeal["events"] and appeal["photos"] for appeal in data["appeals"])
    assert data["appeals"][0]["events"][0]["kind"] == Event.Kind.SUBMITTED
    assert data["appeals"][0]["photos"][0]["url"].startswith("https://qala.example.kz/media/photos/")
    assert {"points", "notifications", "notification_preferences"} <= data.keys()
    text = response.content.decode()
    assert theirs.number not in text and "neighbour@example.kz" not in text and "+77019998877" not in text


def test_the_export_is_a_signed_in_post(client, resident):
    assert client.post(EXPORT).status_code == 302  # to sign-in
    client.force_login(resident)
    assert client.get(EXPORT).status_code == 405


def test_deleting_keeps_the_appeals_anonymised_frees_the_email_and_signs_out(client, resident, city):
    # given a resident with an appeal, a Telegram link and notification choices
    appeal = submitted_appeal(applicant=resident, contact_phone="+77015550011")
    User.objects.filter(pk=resident.pk).update(telegram_id=5550011)
    preference_set(resident, channel="email", enabled=False)
    client.force_login(resident)
    assert client.get(DELETE).status_code == 200

    # when they delete the account with their password
    response = client.post(DELETE, {"password": PASSWORD})

    # then they are signed out and the account is empty and closed
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    account = User.objects.get(pk=resident.pk)
    assert account.username == f"deleted-{account.pk}" and account.email is None
    assert not account.is_active and not account.has_usable_password()
    assert (account.first_name, account.last_name, account.phone, account.iin, account.telegram_id) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert not EmailAddress.objects.filter(user=account).exists()
    assert not Preference.objects.filter(user=account).exists()
    assert not Notification.objects.filter(recipient=account).exists()

    # and the appeal stays, with its history, on the public map, with no applicant and no phone
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert appeal.applicant is None and appeal.contact_phone == ""
    assert appeal.events.filter(kind=Event.Kind.SUBMITTED).exists()
    markers = client.get("/en/map/data.json").json()["markers"]
    assert appeal.number in [marker["number"] for marker in markers]
    public = client.get(f"/en/appeals/{appeal.number}/")
    assert public.status_code == 200
    page = public.content.decode()
    assert "Айгерим" not in page and "5550011" not in page and "aigerim@example.kz" not in page

    # and the address can sign up again
    signup = client.post("/en/accounts/signup/", signup_data(email="aigerim@example.kz"))
    assert signup.status_code == 302
    fresh = User.objects.get(email="aigerim@example.kz")
    assert fresh.pk != account.pk and fresh.is_active
    assert re.search(r"/accounts/confirm-email/", mail.outbox[-1].body)


def test_a_wrong_password_deletes_nothing(client, resident, city):
    appeal = submitted_appeal(applicant=resident)
    client.force_login(resident)
    response = client.post(DELETE, {"password": "wrong"})
    assert response.status_code == 400
    assert "password is not correct" in response.content.decode()
    resident.refresh_from_db()
    assert resident.is_active and resident.email == "aigerim@example.kz"
    assert Appeal.objects.get(pk=appeal.pk).applicant == resident


def test_an_account_without_a_password_confirms_by_typing_the_word(client, city):
    resident = telegram_resident(777001, first_name="Нурлан")
    client.force_login(resident)
    refused = client.post(DELETE, {"confirmation": "maybe"})
    assert refused.status_code == 400 and User.objects.get(pk=resident.pk).is_active
    deleted = client.post(DELETE, {"confirmation": "delete"})
    assert deleted.status_code == 302
    account = User.objects.get(pk=resident.pk)
    assert not account.is_active and account.telegram_id is None and account.first_name == ""
    # the bot greets the same Telegram user as a new resident
    assert telegram_resident(777001).pk != account.pk


@pytest.mark.parametrize("role", [User.Role.OPERATOR, User.Role.AKIMAT, User.Role.ADMIN])
def test_staff_cannot_delete_themselves(role, client):
    member = UserFactory(role=role)
    client.force_login(member)
    assert "administrator" in client.get(DELETE).content.decode()
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active and member.role == role
    with pytest.raises(NotAllowed):
        privacy.account_delete(member)


def test_deleting_blanks_the_formal_applicants_personal_details(resident, city):
    appeal = submitted_appeal(applicant=resident)
    Applicant.objects.create(
        appeal=appeal,
        type="individual",
        iin="900115300017",
        full_name="Серикова Айгерим",
        city="Astana",
        street="Kenesary",
        house="1",
        phone="+77015550011",
        email="aigerim@example.kz",
    )
    privacy.account_delete(resident)
    details = Applicant.objects.get(appeal=appeal)
    assert (details.iin, details.full_name, details.street, details.house, details.phone, details.email) == (
        "",
        "",
        "",
        "",
        "",
        "",
    )


def test_social_sign_in_links_are_exported_and_removed(client, resident):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(user=resident, provider="google", uid="1234567890")
    client.force_login(resident)
    exported = json.loads(client.post(EXPORT).content)
    assert [(item["provider"], item["uid"]) for item in exported["social_accounts"]] == [("google", "1234567890")]
    privacy.account_delete(resident)
    assert not SocialAccount.objects.filter(uid="1234567890").exists()


def test_bookings_are_exported_and_deleting_the_account_frees_their_seats(client, resident, city):
    from datetime import timedelta

    from django.utils import timezone

    from qala.booking import demo, services
    from qala.booking.models import Booking, IinLock, Service, Slot

    demo.seed("850720400007")
    User.objects.filter(pk=resident.pk).update(iin="900115300003")  # one the check digit accepts
    resident.refresh_from_db()
    slot = Slot.objects.filter(centre__code="psc-yesil", start_at__gt=timezone.now() + timedelta(days=1)).first()
    booking = services.book(user=resident, slot=slot, service=Service.objects.get(code="id-card"))
    client.force_login(resident)
    exported = json.loads(client.post(EXPORT).content)
    assert [row["code"] for row in exported["bookings"]] == [booking.code]
    privacy.account_delete(resident)
    assert not Booking.objects.exists() and not IinLock.objects.filter(iin="900115300003").exists()
    assert services.free_seats(slot) == slot.capacity
