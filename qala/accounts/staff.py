"""Staff invitations: the only way a staff role is granted outside the admin's user form.

An admin invites an e-mail address to a role (with its organisation or territories); the invitee signs in
or signs up with that address, confirms it, and accepts. An akimat role needs an address on an allowed
government domain (`QALA_STAFF_EMAIL_DOMAINS`, a domain or any of its subdomains).
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from qala.common.errors import Invalid, NotAllowed
from qala.common.i18n import language_or_default
from qala.common.links import absolute_url

from .models import Invitation, User

Role = User.Role
INVITATION_LIFETIME = timedelta(days=7)
NEEDS_ORGANISATION = frozenset({Role.EXECUTOR, Role.ORG_MANAGER})
NEEDS_TERRITORIES = frozenset({Role.OPERATOR, Role.AKIMAT})

ONLY_ADMINS = _("Only an administrator can invite staff.")
BAD_EMAIL = _("Enter a valid e-mail address.")
BAD_ROLE = _("Choose a staff role: operator, executor, organisation manager, akimat official or PSC staff.")
ORGANISATION_REQUIRED = _("Choose the organisation this executor or organisation manager works for.")
ORGANISATION_NOT_FOR_ROLE = _("Only executors and organisation managers belong to an organisation.")
TERRITORIES_REQUIRED = _("Choose at least one territory this operator or akimat official oversees.")
# Translators: %(domains)s is a list of internet domains such as "gov.kz".
AKIMAT_DOMAIN = _("An akimat official must be invited at a government e-mail address (%(domains)s or its subdomains).")
NOT_FOUND = _("This invitation does not exist.")
USED = _("This invitation has already been accepted.")
EXPIRED = _("This invitation has expired. Ask the administrator for a new one.")
OTHER_ACCOUNT = _(
    "This invitation was sent to another e-mail address. Sign in with the invited address, or sign up with it."
)
UNCONFIRMED = _("Confirm your e-mail address first: open the link we sent to it, then accept the invitation.")
INACTIVE = _("This account is deactivated.")


def is_government_email(email: str) -> bool:
    """Whether the address's domain is an allowed government domain or one of its subdomains."""
    domain = (email or "").rpartition("@")[2].strip().lower().rstrip(".")
    for allowed in settings.QALA_STAFF_EMAIL_DOMAINS:
        allowed = allowed.strip().lower().lstrip(".").rstrip(".")
        if allowed and (domain == allowed or domain.endswith("." + allowed)):
            return True
    return False


def can_invite(user) -> bool:
    return user is not None and user.is_active and (user.role == Role.ADMIN or user.is_superuser)


def invitation_check(*, email: str, role: str, invited_by, organisation=None, territories=()) -> str:
    """Check an invitation before it is made; return the normalised e-mail. Raises NotAllowed or Invalid."""
    if not can_invite(invited_by):
        raise NotAllowed(ONLY_ADMINS, code="invite_not_admin")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(BAD_EMAIL, code="invite_email", field="email") from None
    if role not in Invitation.ROLES:
        raise Invalid(BAD_ROLE, code="invite_role", field="role")
    if role in NEEDS_ORGANISATION and organisation is None:
        raise Invalid(ORGANISATION_REQUIRED, code="invite_organisation", field="organisation")
    if role not in NEEDS_ORGANISATION and organisation is not None:
        raise Invalid(ORGANISATION_NOT_FOR_ROLE, code="invite_organisation", field="organisation")
    if role in NEEDS_TERRITORIES and not list(territories):
        raise Invalid(TERRITORIES_REQUIRED, code="invite_territories", field="territories")
    if role == Role.AKIMAT and not is_government_email(email):
        raise Invalid(_akimat_domain_message(), code="invite_domain", field="email")
    return email


@transaction.atomic
def invitation_create(
    *, email: str, role: str, invited_by, organisation=None, territories=(), language: str | None = None
) -> Invitation:
    """Invite `email` to a staff role and send the invitation e-mail after the transaction commits."""
    territories = list(territories)
    email = invitation_check(
        email=email, role=role, invited_by=invited_by, organisation=organisation, territories=territories
    )
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        organisation=organisation if role in NEEDS_ORGANISATION else None,
        language=language_or_default(language),
        invited_by=invited_by,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    invitation.territories.set(territories)
    transaction.on_commit(lambda: invitation_send(invitation))
    return invitation


def invitation_url(invitation: Invitation) -> str:
    with translation.override(invitation.language):
        path = reverse("accounts:invitation", kwargs={"token": invitation.token})
    return absolute_url(path)


def invitation_send(invitation: Invitation) -> None:
    """The invitation e-mail, in the language the admin chose for it."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "url": invitation_url(invitation),
            "role": invitation.get_role_display(),
            "expires_at": invitation.expires_at,
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(_("You are invited to work in Qala"))
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_get(token: str) -> Invitation:
    """The invitation behind a link, whatever its state. Raises Invalid when there is none."""
    found = Invitation.objects.select_related("organisation").filter(token=token or "").first()
    if found is None:
        raise Invalid(NOT_FOUND, code="invite_not_found")
    return found


def invitation_state_error(invitation: Invitation) -> Invalid | None:
    """Why this invitation cannot be accepted any more, if it cannot."""
    if invitation.accepted_at is not None:
        return Invalid(USED, code="invite_used")
    if invitation.expires_at <= timezone.now():
        return Invalid(EXPIRED, code="invite_expired")
    return None


@transaction.atomic
def invitation_accept(token: str, *, user) -> User:
    """Grant the invited role, organisation and territories to `user`; once only, before it expires.

    The account's e-mail must be the invited address and confirmed; for an akimat role that address
    must also still be on an allowed government domain.
    """
    invitation = Invitation.objects.select_for_update().filter(token=token or "").first()
    if invitation is None:
        raise Invalid(NOT_FOUND, code="invite_not_found")
    error = invitation_state_error(invitation)
    if error is not None:
        raise error
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed(INACTIVE, code="invite_inactive")
    if (user.email or "").strip().lower() != invitation.email:
        raise NotAllowed(OTHER_ACCOUNT, code="invite_other_account")
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        raise NotAllowed(UNCONFIRMED, code="invite_unconfirmed")
    if invitation.role == Role.AKIMAT and not is_government_email(invitation.email):
        raise NotAllowed(_akimat_domain_message(), code="invite_domain")

    account = User.objects.select_for_update().get(pk=user.pk)
    account.role = invitation.role
    account.organisation = invitation.organisation if invitation.role in NEEDS_ORGANISATION else None
    account.save(update_fields=["role", "organisation"])
    account.territories.set(invitation.territories.all())
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now(), accepted_by=account)
    user.role, user.organisation = account.role, account.organisation
    if hasattr(user, "_territory_scope"):
        del user._territory_scope
    return account


def _akimat_domain_message() -> str:
    return str(AKIMAT_DOMAIN) % {"domains": ", ".join(settings.QALA_STAFF_EMAIL_DOMAINS)}
