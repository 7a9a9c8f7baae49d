"""A resident's own data: everything Qala holds about them as one download, and deleting the account.

Deleting keeps the resident's appeals (the city's record of problems and answers) but without anything
that names them: the applicant link and the contact phone go, the formal applicant's personal details are
blanked, and the account itself is emptied and deactivated so its e-mail address can sign up again.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.files.storage import default_storage
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qala.common.errors import NotAllowed
from qala.common.links import absolute_url

from .models import TelegramLinkCode, User

EXPORT_FORMAT = 1
STAFF_CANNOT_DELETE = _(
    "A staff account cannot be deleted here. Ask an administrator to deactivate it and hand over your work."
)
# The formal applicant's details that identify a person (the legal entity's name and BIN do not).
APPLICANT_PERSONAL_FIELDS = (
    "iin",
    "full_name",
    "representative",
    "district",
    "microdistrict",
    "street",
    "house",
    "flat",
    "phone",
    "email",
)


def _url(file_field) -> str | None:
    """A stored file's address, absolute so that it still works from the downloaded file."""
    if not file_field:
        return None
    return absolute_url(file_field.url)


def _iso(value):
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict:
    """Everything Qala holds about `user`, as plain JSON-ready data. Other people's data is left out."""
    from qala.appeals.models import Appeal
    from qala.booking.models import Booking
    from qala.notifications.models import Notification
    from qala.notifications.selectors import preferences_of
    from qala.rewards.models import PointsEntry

    appeals = (
        Appeal.objects.filter(applicant=user)
        .select_related("category", "territory", "organisation", "applicant_details")
        .prefetch_related("photos", "events", "attachments")
        .defer("territory__boundary")
        .order_by("created_at", "pk")
    )
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "profile": _profile(user),
        "email_addresses": _email_addresses(user),
        "social_accounts": _social_accounts(user),
        "two_factor": _authenticators(user),
        "notification_preferences": preferences_of(user),
        "appeals": [_appeal(appeal, user) for appeal in appeals],
        "report_draft": _draft(user),
        "points": [
            {
                "appeal": entry.appeal.number,
                "reason": entry.reason,
                "points": entry.points,
                "created_at": _iso(entry.created_at),
            }
            for entry in PointsEntry.objects.filter(user=user).select_related("appeal").order_by("created_at", "pk")
        ],
        "notifications": [
            {
                "channel": notification.channel,
                "kind": notification.kind,
                "appeal": notification.appeal.number if notification.appeal_id else None,
                "status": notification.status,
                "created_at": _iso(notification.created_at),
                "sent_at": _iso(notification.sent_at),
                "read_at": _iso(notification.read_at),
            }
            for notification in Notification.objects.filter(recipient=user)
            .select_related("appeal")
            .order_by("created_at", "pk")
        ],
        "bookings": [
            {key: _plain(value) for key, value in model_to_dict(row).items()}
            for row in Booking.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }
    return data


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _profile(user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "phone": user.phone,
        "iin": user.iin,  # the owner's own export is the one place it is shown in full
        "language": user.language,
        "avatar": _url(user.avatar),
        "role": user.role,
        "organisation": user.organisation.code if user.organisation_id else None,
        "territories": sorted(user.territories.values_list("code", flat=True)),
        "telegram_id": user.telegram_id,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


def _email_addresses(user: User) -> list[dict]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("pk")
    ]


def _social_accounts(user: User) -> list[dict]:
    return [
        {"provider": account.provider, "uid": account.uid, "date_joined": _iso(account.date_joined)}
        for account in SocialAccount.objects.filter(user=user).order_by("pk")
    ]


def _authenticators(user: User) -> list[dict]:
    """Which second factors are set up and when; never their secrets."""
    return [
        {"type": item.type, "created_at": _iso(item.created_at), "last_used_at": _iso(item.last_used_at)}
        for item in Authenticator.objects.filter(user=user).order_by("pk")
    ]


def _appeal(appeal, user: User) -> dict:
    row = {
        "number": appeal.number,
        "kind": appeal.kind,
        "status": appeal.status,
        "category": appeal.category.code,
        "title": appeal.title,
        "description": appeal.description,
        "address": appeal.address,
        "contact_phone": appeal.contact_phone,
        "latitude": str(appeal.latitude),
        "longitude": str(appeal.longitude),
        "territory": appeal.territory.code,
        "organisation": appeal.organisation.code if appeal.organisation_id else None,
        "deadline": _iso(appeal.deadline),
        "answer": appeal.answer,
        "rating": appeal.rating,
        "feedback": appeal.feedback,
        "created_at": _iso(appeal.created_at),
        "done_at": _iso(appeal.done_at),
        "closed_at": _iso(appeal.closed_at),
        "photos": [{"stage": photo.stage, "url": _url(photo.image)} for photo in appeal.photos.all()],
        # The history as the resident sees it; staff's own notes are theirs, only the resident's are included.
        "events": [
            {
                "kind": event.kind,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "source": event.source,
                "by_you": event.actor_id == user.pk,
                "note": event.note if event.actor_id == user.pk else "",
                "created_at": _iso(event.created_at),
            }
            for event in appeal.events.all()
        ],
    }
    details = getattr(appeal, "applicant_details", None)  # a formal appeal's applicant, if any
    if details is not None:
        row["applicant"] = {
            key: _plain(value) for key, value in model_to_dict(details).items() if key not in ("id", "appeal")
        }
    row["attachments"] = [{"name": item.name, "url": _url(item.file)} for item in appeal.attachments.all()]
    return row


def _draft(user: User) -> dict | None:
    from qala.appeals.models import ReportDraft

    draft = ReportDraft.objects.filter(user=user).first()
    if draft is None:
        return None
    return {
        "description": draft.description,
        "address": draft.address,
        "contact_phone": draft.contact_phone,
        "latitude": str(draft.latitude) if draft.latitude is not None else None,
        "longitude": str(draft.longitude) if draft.longitude is not None else None,
        "photos": [_url(photo.image) for photo in draft.photos.all()],
    }


def can_delete_account(user: User) -> bool:
    """Residents delete their own accounts; an administrator deactivates a staff account instead."""
    return not (user.has_staff_role or user.is_staff or user.is_superuser)


@transaction.atomic
def account_delete(user: User) -> None:
    """Erase the resident's personal data and close the account; their appeals stay, anonymised.

    Staff accounts are refused: an administrator deactivates them.
    """
    from qala.appeals.models import Appeal, ReportDraft
    from qala.booking.models import Booking, IinLock
    from qala.notifications.models import Notification, Preference
    from qala.rewards.models import PointsEntry

    account = User.objects.select_for_update().get(pk=user.pk)
    if not can_delete_account(account):
        raise NotAllowed(STAFF_CANNOT_DELETE, code="account_staff")

    files = [account.avatar.name] if account.avatar else []
    appeal_ids = list(Appeal.objects.filter(applicant=account).values_list("pk", flat=True))
    Appeal.objects.filter(pk__in=appeal_ids).update(applicant=None, contact_phone="")
    _blank_applicant_details(appeal_ids)

    for draft in ReportDraft.objects.filter(user=account).prefetch_related("photos"):
        for photo in draft.photos.all():
            if photo.appeal_id is None:  # a submitted appeal's photos are the appeal's now
                files += [name for name in (photo.image.name, photo.thumbnail.name) if name]
        draft.delete()
    Notification.objects.filter(recipient=account).delete()
    Preference.objects.filter(user=account).delete()
    PointsEntry.objects.filter(user=account).delete()
    TelegramLinkCode.objects.filter(user=account).delete()
    Booking.objects.filter(user=account).delete()  # they carry the IIN; deleting frees the seats still held
    if account.iin:
        IinLock.objects.filter(iin=account.iin).delete()
    _remove_sign_in_methods(account)

    account.username = f"deleted-{account.pk}"
    account.email = None
    account.first_name = account.last_name = account.display_name = ""
    account.phone = account.iin = account.language = ""
    account.avatar = ""
    account.telegram_id = account.telegram_blocked_at = None
    account.organisation = None
    account.is_active = False
    account.set_unusable_password()  # also ends every other session: they carry the old password's hash
    account.save()
    account.territories.clear()
    account.groups.clear()
    account.user_permissions.clear()

    transaction.on_commit(lambda: _delete_files(files), robust=True)


def _blank_applicant_details(appeal_ids: list[int]) -> None:
    from qala.appeals.models import Applicant

    Applicant.objects.filter(appeal_id__in=appeal_ids).update(**dict.fromkeys(APPLICANT_PERSONAL_FIELDS, ""))


def _remove_sign_in_methods(account: User) -> None:
    EmailAddress.objects.filter(user=account).delete()
    SocialAccount.objects.filter(user=account).delete()
    Authenticator.objects.filter(user=account).delete()


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
