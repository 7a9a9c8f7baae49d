"""Writing to the outbox. Call `notify` inside the transaction of the change that causes it."""

import hashlib

from django.db import transaction
from django.utils import timezone

from .models import Channel, Notification, Preference

KEY_MAX = 200


def channels_for(user) -> list[str]:
    """The channels a user receives on: in-app always; e-mail and Telegram when linked, unless switched off."""
    return _channels(user, _switched_off([user]).get(user.pk, set()))


def notify(recipients, *, kind: str, appeal=None, cause: str, context: dict | None = None) -> int:
    """Queue `kind` for each recipient on each of their channels; `cause` makes the key unique per cause.

    In-app notifications are delivered by being written; the others are sent by the worker
    after the transaction commits.
    """
    users = list({r.pk: r for r in recipients if r is not None and r.is_active}.values())
    off, now = _switched_off(users), timezone.now()
    rows = [
        Notification(
            recipient=user,
            channel=channel,
            kind=kind,
            appeal=appeal,
            context=context or {},
            key=_key(cause, kind, user.pk, channel),
            **({"status": Notification.Status.SENT, "sent_at": now} if channel == Channel.IN_APP else {}),
        )
        for user in users
        for channel in _channels(user, off.get(user.pk, set()))
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.channel != Channel.IN_APP for row in rows):
        # robust: the change is committed whatever happens here; a missed enqueue is caught by the next run.
        _schedule_delivery()
    return len(rows)


def notification_mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def notifications_mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_set(user, *, channel: str, enabled: bool) -> Preference:
    preference, _ = Preference.objects.update_or_create(user=user, channel=channel, defaults={"enabled": enabled})
    return preference


def _switched_off(users) -> dict[int, set[str]]:
    off: dict[int, set[str]] = {}
    rows = Preference.objects.filter(user__in=[u.pk for u in users], enabled=False).values_list("user_id", "channel")
    for user_id, channel in rows:
        off.setdefault(user_id, set()).add(channel)
    return off


def _channels(user, off: set[str]) -> list[str]:
    channels = [Channel.IN_APP]
    if user.email and Channel.EMAIL not in off:
        channels.append(Channel.EMAIL)
    if user.telegram_id and user.telegram_blocked_at is None and Channel.TELEGRAM not in off:
        channels.append(Channel.TELEGRAM)
    return channels


def _key(cause: str, kind: str, user_pk: int, channel: str) -> str:
    key = f"{cause}:{kind}:{user_pk}:{channel}"
    if len(key) > KEY_MAX:  # a long cause is hashed, keeping the key unique and within the column
        key = f"{hashlib.sha256(cause.encode()).hexdigest()}:{kind}:{user_pk}:{channel}"
    return key


def _schedule_delivery():
    """One delivery run per transaction, however many changes in it queued messages."""
    pending = transaction.get_connection().run_on_commit
    if not any(callback is _enqueue_delivery for _sids, callback, _robust in pending):
        transaction.on_commit(_enqueue_delivery, robust=True)


def _enqueue_delivery():
    from .tasks import deliver_outbox

    deliver_outbox.enqueue()
