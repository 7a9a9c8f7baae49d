"""Sending what the outbox holds: claim a due row, send it, record the outcome, one row at a time.

Every step commits on its own. A worker killed between the claim and the send leaves the row pending
with a short lease; when the lease runs out another run sends it. A worker killed between the send and
"sent" is the one case that sends twice; the Message-ID derived from the row's key lets the receiver
drop the copy.

Telegram has no sender yet (the bot issue adds one to SENDERS): its rows stay pending, untouched and
unselected, and go out once a sender is registered.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from qala.common.links import absolute_url

from . import rendering
from .models import Channel, Notification

LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# 1, 2, 4 … 256 minutes, then every 6 hours: about 20 hours of trying before a row is given up.
MAX_ATTEMPTS = 12


class Undeliverable(Exception):
    """Retrying cannot help (e.g. the recipient has no address any more)."""


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    retry_at: datetime | None = None
    full: bool = False


def send_email(notification: Notification) -> None:
    if not notification.recipient.email or not notification.recipient.is_active:
        raise Undeliverable("The recipient has no active e-mail address.")
    subject, body = rendering.render_email(notification)
    headers = {"Message-ID": message_id(notification), "Auto-Submitted": "auto-generated"}
    EmailMessage(subject, body, to=[notification.recipient.email], headers=headers).send()


SENDERS = {Channel.EMAIL: send_email}


def message_id(notification: Notification) -> str:
    domain = urlsplit(absolute_url("/")).hostname or "qala.local"
    return f"<{hashlib.sha256(notification.key.encode()).hexdigest()[:40]}@{domain}>"


def deliver_due(now: datetime | None = None, batch: int = 100) -> Outcome:
    """Send up to `batch` due rows, oldest first. `now` is fixed only by tests; otherwise the clock runs."""
    outcome = Outcome()
    rows = due(now or timezone.now(), batch)
    outcome.full = len(rows) == batch
    for row in rows:
        deliver_one(row, now or timezone.now(), outcome)
    return outcome


def due(now: datetime, batch: int = 100) -> list[Notification]:
    rows = Notification.objects.filter(
        status=Notification.Status.PENDING, next_attempt_at__lte=now, channel__in=list(SENDERS)
    ).select_related("recipient", "appeal__organisation", "appeal__category")
    return list(rows.order_by("next_attempt_at", "pk")[:batch])


def deliver_one(row: Notification, now: datetime, outcome: Outcome | None = None) -> bool:
    """Claim `row` and send it; False when another worker holds it or has sent it."""
    outcome = outcome or Outcome()
    if not claim(row, now):
        return False
    try:
        SENDERS[row.channel](row)
    except Exception as error:  # a kill (SystemExit, KeyboardInterrupt) passes: the lease brings the row back
        _record_failure(row, error, now, outcome)
        return False
    _mark_sent(row, now)
    outcome.sent += 1
    return True


def claim(row: Notification, now: datetime) -> bool:
    """Compare-and-set on the due time this worker saw: of two workers that saw the same row, one wins."""
    lease_until = now + LEASE
    with transaction.atomic(durable=True):
        won = Notification.objects.filter(
            pk=row.pk, status=Notification.Status.PENDING, next_attempt_at=row.next_attempt_at
        ).update(next_attempt_at=lease_until)
    row.next_attempt_at = lease_until
    return won == 1


def backoff(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def _mark_sent(row: Notification, now: datetime) -> None:
    with transaction.atomic(durable=True):
        Notification.objects.filter(pk=row.pk, status=Notification.Status.PENDING).update(
            status=Notification.Status.SENT, sent_at=now, attempts=row.attempts + 1, last_error=""
        )


def _record_failure(row: Notification, error: Exception, now: datetime, outcome: Outcome) -> None:
    attempts = row.attempts + 1
    give_up = attempts >= MAX_ATTEMPTS or isinstance(error, Undeliverable)
    retry_at = now + backoff(attempts)
    with transaction.atomic(durable=True):
        Notification.objects.filter(pk=row.pk, status=Notification.Status.PENDING).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=retry_at,
            status=Notification.Status.FAILED if give_up else Notification.Status.PENDING,
        )
    outcome.failed += 1
    if not give_up:
        outcome.retry_at = min(filter(None, [outcome.retry_at, retry_at]))
