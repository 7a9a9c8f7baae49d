"""Staff invitations: only an admin invites, the invited and confirmed address accepts, once, in time."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from qala.accounts import staff
from qala.accounts.models import Invitation, User
from qala.accounts.tests.factories import UserFactory
from qala.appeals.tests.factories import organisation
from qala.common.errors import Invalid, NotAllowed
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db
Role = User.Role


@pytest.fixture
def admin_user():
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def yesil():
    return Territory.objects.get(code="KZ-71")


def scope_for(role, territory, org):
    """What each role needs: an organisation for executors and managers, territories for operators and akimat."""
    return {
        Role.OPERATOR: {"territories": [territory]},
        Role.EXECUTOR: {"organisation": org},
        Role.ORG_MANAGER: {"organisation": org},
        Role.AKIMAT: {"territories": [territory]},
        Role.PSC_STAFF: {},
    }[role]


def invite(django_capture_on_commit_callbacks, **arguments):
    with django_capture_on_commit_callbacks(execute=True):
        return staff.invitation_create(**arguments)


def link_path(message) -> str:
    url = re.search(r"https?://\S+/profile/invitation/\S+/", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.EXECUTOR, Role.ORG_MANAGER, Role.AKIMAT, Role.PSC_STAFF])
def test_an_invited_person_accepts_and_gets_the_role_with_its_scope(
    role, client, admin_user, yesil, django_capture_on_commit_callbacks
):
    # given an admin's invitation, e-mailed with a link in the chosen language
    email = "official@astana.gov.kz" if role == Role.AKIMAT else f"{role}@example.kz"
    org = organisation()
    invitation = invite(
        django_capture_on_commit_callbacks,
        email=email,
        role=role,
        invited_by=admin_user,
        language="ru",
        **scope_for(role, yesil, org),
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [email]
    path = link_path(mail.outbox[0])
    assert path == f"/ru/profile/invitation/{invitation.token}/"
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)

    # when the person with that confirmed address opens the link and accepts
    invitee = UserFactory(email=email)
    client.force_login(invitee)
    page = client.get(path)
    assert page.status_code == 200 and email in page.content.decode()
    accepted = client.post(path)

    # then the role, organisation and territories are theirs, and the invitation is spent
    assert accepted.status_code == 302
    invitee.refresh_from_db()
    assert invitee.role == role
    assert invitee.organisation == (org if role in (Role.EXECUTOR, Role.ORG_MANAGER) else None)
    expected_territories = [yesil] if role in (Role.OPERATOR, Role.AKIMAT) else []
    assert list(invitee.territories.all()) == expected_territories
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == invitee


@pytest.mark.parametrize("email", ["official@gmail.com", "official@notgov.kz", "official@gov.kz.example.com"])
def test_an_akimat_invitation_outside_the_government_domain_is_refused(email, admin_user, yesil):
    with pytest.raises(Invalid) as refused:
        staff.invitation_create(email=email, role=Role.AKIMAT, invited_by=admin_user, territories=[yesil])
    assert refused.value.code == "invite_domain" and refused.value.field == "email"
    assert "gov.kz" in str(refused.value.message)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("email", ["official@gov.kz", "official@astana.gov.kz", "Official@Almaty.GOV.KZ"])
def test_an_akimat_invitation_on_the_domain_or_a_subdomain_is_made(email, admin_user, yesil):
    invitation = staff.invitation_create(email=email, role=Role.AKIMAT, invited_by=admin_user, territories=[yesil])
    assert invitation.email == email.lower()


def test_the_allowed_domains_come_from_settings(settings, admin_user, yesil):
    settings.QALA_STAFF_EMAIL_DOMAINS = ["akimat.kz"]
    assert staff.is_government_email("head@nursultan.akimat.kz")
    with pytest.raises(Invalid):
        staff.invitation_create(
            email="head@astana.gov.kz", role=Role.AKIMAT, invited_by=admin_user, territories=[yesil]
        )


def test_other_roles_may_use_any_address(admin_user):
    assert staff.invitation_create(email="clerk@gmail.com", role=Role.PSC_STAFF, invited_by=admin_user)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.EXECUTOR, Role.CITIZEN])
def test_only_an_admin_can_invite(role, yesil):
    with pytest.raises(NotAllowed):
        staff.invitation_create(
            email="x@example.kz", role=Role.PSC_STAFF, invited_by=UserFactory(role=role), territories=[yesil]
        )
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("role", "scope", "field"),
    [
        (Role.CITIZEN, {}, "role"),
        (Role.ADMIN, {}, "role"),
        (Role.EXECUTOR, {}, "organisation"),
        (Role.ORG_MANAGER, {}, "organisation"),
        (Role.OPERATOR, {}, "territories"),
        (Role.AKIMAT, {}, "territories"),
        (Role.OPERATOR, {"organisation": "org"}, "organisation"),
    ],
)
def test_an_invitation_needs_a_staff_role_and_its_scope(role, scope, field, admin_user):
    if scope.get("organisation"):
        scope = {"organisation": organisation(), "territories": [Territory.objects.get(code="KZ-71")]}
    with pytest.raises(Invalid) as refused:
        staff.invitation_create(email="someone@astana.gov.kz", role=role, invited_by=admin_user, **scope)
    assert refused.value.field == field


def test_a_bad_email_is_refused(admin_user):
    with pytest.raises(Invalid) as refused:
        staff.invitation_create(email="not an address", role=Role.PSC_STAFF, invited_by=admin_user)
    assert refused.value.field == "email"


def test_an_unconfirmed_address_cannot_accept(admin_user, yesil):
    invitation = staff.invitation_create(
        email="new@example.kz", role=Role.OPERATOR, invited_by=admin_user, territories=[yesil]
    )
    invitee = UserFactory(email="new@example.kz")
    EmailAddress.objects.filter(user=invitee).update(verified=False)
    with pytest.raises(NotAllowed) as refused:
        staff.invitation_accept(invitation.token, user=invitee)
    assert refused.value.code == "invite_unconfirmed"
    invitee.refresh_from_db()
    invitation.refresh_from_db()
    assert invitee.role == Role.CITIZEN and invitation.accepted_at is None


def test_another_accounts_address_cannot_accept(client, admin_user, yesil):
    invitation = staff.invitation_create(
        email="invited@example.kz", role=Role.OPERATOR, invited_by=admin_user, territories=[yesil]
    )
    stranger = UserFactory(email="stranger@example.kz")
    client.force_login(stranger)
    path = f"/en/profile/invitation/{invitation.token}/"
    assert "signed in with another e-mail address" in client.get(path).content.decode()
    refused = client.post(path)
    assert refused.status_code == 403
    assert "sent to another e-mail address" in refused.content.decode()
    stranger.refresh_from_db()
    assert stranger.role == Role.CITIZEN and not stranger.territories.exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_account_with_the_address_only_as_a_secondary_unconfirmed_one_cannot_accept(admin_user):
    invitation = staff.invitation_create(email="invited@example.kz", role=Role.PSC_STAFF, invited_by=admin_user)
    other = UserFactory(email="other@example.kz")
    EmailAddress.objects.create(user=other, email="invited@example.kz", verified=False, primary=False)
    with pytest.raises(NotAllowed):
        staff.invitation_accept(invitation.token, user=other)


def test_an_expired_invitation_is_refused(client, admin_user, yesil):
    invitation = staff.invitation_create(
        email="late@example.kz", role=Role.OPERATOR, invited_by=admin_user, territories=[yesil]
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    invitee = UserFactory(email="late@example.kz")
    client.force_login(invitee)
    page = client.post(f"/en/profile/invitation/{invitation.token}/")
    assert page.status_code == 410 and "has expired" in page.content.decode()
    with pytest.raises(Invalid) as refused:
        staff.invitation_accept(invitation.token, user=invitee)
    assert refused.value.code == "invite_expired"
    invitee.refresh_from_db()
    assert invitee.role == Role.CITIZEN


def test_an_invitation_is_accepted_once_only(admin_user, yesil):
    invitation = staff.invitation_create(
        email="once@example.kz", role=Role.OPERATOR, invited_by=admin_user, territories=[yesil]
    )
    invitee = UserFactory(email="once@example.kz")
    staff.invitation_accept(invitation.token, user=invitee)
    with pytest.raises(Invalid) as refused:
        staff.invitation_accept(invitation.token, user=invitee)
    assert refused.value.code == "invite_used"


def test_a_wrong_token_is_not_found(client):
    client.force_login(UserFactory())
    assert client.get("/en/profile/invitation/no-such-token/").status_code == 404


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_or_sign_up(client, admin_user, yesil):
    invitation = staff.invitation_create(
        email="new@example.kz", role=Role.OPERATOR, invited_by=admin_user, territories=[yesil]
    )
    path = f"/en/profile/invitation/{invitation.token}/"
    page = client.get(path).content.decode()
    assert "sign in with new@example.kz" in page
    assert f"/en/accounts/login/?next=%2Fen%2Fprofile%2Finvitation%2F{invitation.token}%2F" in page
    assert f"/en/accounts/signup/?next=%2Fen%2Fprofile%2Finvitation%2F{invitation.token}%2F" in page
    posted = client.post(path)
    assert posted.status_code == 302 and posted["Location"].startswith("/en/accounts/login/?next=")
    assert Invitation.objects.get().accepted_at is None


def test_the_admin_invites_staff_from_the_admin_site(client, admin_user, yesil, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    page = client.get("/en/admin/accounts/invitation/add/")
    assert page.status_code == 200 and "Invite staff" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/admin/accounts/invitation/add/",
            {"email": "Dispatcher@Example.kz", "role": Role.OPERATOR, "territories": [yesil.pk], "language": "kk"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.invited_by, list(invitation.territories.all())) == (
        "dispatcher@example.kz",
        admin_user,
        [yesil],
    )
    assert link_path(mail.outbox[0]) == f"/kk/profile/invitation/{invitation.token}/"


def test_the_admin_form_shows_the_domain_rule_next_to_the_email(client, admin_user, yesil):
    client.force_login(admin_user)
    response = client.post(
        "/en/admin/accounts/invitation/add/",
        {"email": "akim@gmail.com", "role": Role.AKIMAT, "territories": [yesil.pk], "language": "en"},
    )
    assert response.status_code == 200
    assert "government e-mail address" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_non_admin_staff_member_cannot_open_the_invitation_admin(client):
    clerk = UserFactory(role=Role.OPERATOR, is_staff=True)
    client.force_login(clerk)
    assert client.get("/en/admin/accounts/invitation/add/").status_code == 403
