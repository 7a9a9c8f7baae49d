"""Writes about people: accounts that come from Telegram and the link between a chat and an account."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qala.common.errors import Invalid
from qala.common.i18n import language_check
from qala.common.iin import validate_iin

from .models import TelegramLinkCode, User

LINK_CODE_LIFETIME = timedelta(minutes=15)


def telegram_resident(telegram_id: int, *, first_name: str = "") -> User:
    """The account behind a Telegram user: found by its id, or created as a resident on first contact.

    The language stays unset until the resident chooses one; until then Telegram's guess is used.
    """
    user = User.objects.filter(telegram_id=telegram_id).first()
    if user is not None:
        if user.telegram_blocked_at is not None:
            User.objects.filter(pk=user.pk).update(telegram_blocked_at=None)  # they wrote to us again
            user.telegram_blocked_at = None
        return user
    user = User(
        username=f"telegram-{telegram_id}",
        telegram_id=telegram_id,
        first_name=first_name[:150],
        role=User.Role.CITIZEN,
    )
    user.set_unusable_password()
    user.save()
    return user


def user_language_set(user: User, language: str) -> None:
    language_check(language)
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def user_iin_set(user: User, iin: str) -> None:
    """Save the resident's IIN after the official check-digit test (the bot asks for it before a booking)."""
    user.iin = validate_iin(iin)
    User.objects.filter(pk=user.pk).update(iin=user.iin)


def telegram_blocked(user: User) -> None:
    """Telegram refused a message because the user blocked the bot: stop sending until they return."""
    User.objects.filter(pk=user.pk).update(telegram_blocked_at=timezone.now())


def link_code_issue(user: User) -> TelegramLinkCode:
    TelegramLinkCode.objects.filter(user=user, used_at__isnull=True).delete()
    return TelegramLinkCode.objects.create(
        user=user, code=f"{secrets.randbelow(10**8):08d}", expires_at=timezone.now() + LINK_CODE_LIFETIME
    )


@transaction.atomic
def link_code_redeem(code: str, *, telegram_id: int) -> User:
    """Link the Telegram user to the account that issued `code`.

    An account the bot made on first contact is folded into the web account: its appeals move over.
    """
    found = (
        TelegramLinkCode.objects.select_for_update()
        .filter(code=(code or "").strip(), used_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
    if found is None:
        raise Invalid(_("This code is wrong or has expired. Get a new one on your profile page."), code="link_code")
    TelegramLinkCode.objects.filter(pk=found.pk).update(used_at=timezone.now())
    return telegram_link(found.user, telegram_id=telegram_id)  # a refusal there rolls the code back too


def telegram_link(user: User, *, telegram_id: int) -> User:
    """Link after a verified Telegram Login on the web (the widget's signature proves the id)."""
    with transaction.atomic():
        previous = User.objects.filter(telegram_id=telegram_id).exclude(pk=user.pk).first()
        if previous is not None:
            _fold_into(previous, user)
        User.objects.filter(pk=user.pk).update(telegram_id=telegram_id, telegram_blocked_at=None)
    user.telegram_id = telegram_id
    return user


def _fold_into(previous: User, account: User) -> None:
    if previous.has_usable_password() or previous.email or previous.has_staff_role:
        raise Invalid(_("This Telegram account is already linked to another Qala account."), code="telegram_taken")
    previous.appeals.update(applicant=account)
    previous.points.update(user=account)
    User.objects.filter(pk=previous.pk).update(telegram_id=None, is_active=False)
