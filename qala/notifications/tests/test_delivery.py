from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from qala.accounts.tests.factories import UserFactory
from qala.notifications import delivery, services
from qala.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db


def queue(appeal, *users, kind="assigned", cause="event:1"):
    services.notify(users, kind=kind, appeal=appeal, cause=cause)
    return Notification.objects.filter(channel=Channel.EMAIL).order_by("pk")


def status(row):
    row.refresh_from_db()
    return row.status


def message_ids():
    return Counter(message.extra_headers["Message-ID"] for message in mail.outbox)


def test_an_email_is_sent_once_and_marked_sent(appeal, resident):
    [row] = queue(appeal, resident)
    now = timezone.now()

    outcome = delivery.deliver_due(now=now)
    again = delivery.deliver_due(now=now + timedelta(days=1))

    assert (outcome.sent, again.sent) == (1, 0)
    assert [message.to for message in mail.outbox] == [[resident.email]]
    row.refresh_from_db()
    assert (row.status, row.sent_at, row.attempts) == (Notification.Status.SENT, now, 1)


def test_the_message_id_comes_from_the_key(appeal, resident):
    [row] = queue(appeal, resident)

    delivery.deliver_due()

    assert mail.outbox[0].message()["Message-ID"] == delivery.message_id(row)
    assert delivery.message_id(row) != delivery.message_id(queue(appeal, resident, cause="event:2")[1])


def test_the_email_is_in_the_recipients_language(appeal):
    english, default = UserFactory(language="en"), UserFactory()
    queue(appeal, english, default)

    delivery.deliver_due()

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert f"/en/appeals/{appeal.number}/" in bodies[english.email]
    assert f"/kk/appeals/{appeal.number}/" in bodies[default.email]


def test_a_failed_send_is_retried_with_backoff_and_succeeds_later(appeal, resident, flaky_mail):
    [row] = queue(appeal, resident)
    flaky_mail.append(ConnectionRefusedError("SMTP is down"))
    now = timezone.now()

    first = delivery.deliver_due(now=now)
    row.refresh_from_db()
    assert (first.sent, first.failed, first.retry_at) == (0, 1, now + timedelta(minutes=1))
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, now + timedelta(minutes=1))
    assert "SMTP is down" in row.last_error

    assert delivery.deliver_due(now=now + timedelta(seconds=59)).sent == 0  # not due yet
    assert delivery.deliver_due(now=now + timedelta(minutes=1)).sent == 1
    assert status(row) == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_the_backoff_doubles_up_to_six_hours():
    delays = [delivery.backoff(attempt) for attempt in range(1, delivery.MAX_ATTEMPTS)]

    assert delays[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert max(delays) == timedelta(hours=6)
    assert delays == sorted(delays)


def test_it_gives_up_after_the_last_attempt(appeal, resident, flaky_mail):
    [row] = queue(appeal, resident)
    flaky_mail.extend([ConnectionRefusedError("SMTP is down")] * (delivery.MAX_ATTEMPTS + 1))
    now = timezone.now()

    for _ in range(delivery.MAX_ATTEMPTS):
        assert delivery.deliver_due(now=now).sent == 0
        row.refresh_from_db()
        now = row.next_attempt_at

    assert (row.status, row.attempts) == (Notification.Status.FAILED, delivery.MAX_ATTEMPTS)
    assert delivery.deliver_due(now=now + timedelta(days=30)).failed == 0  # never tried again
    assert mail.outbox == []


def test_a_worker_killed_mid_run_loses_nothing_and_sends_each_once(appeal, flaky_mail):
    rows = queue(appeal, UserFactory(), UserFactory(), UserFactory())
    flaky_mail.extend([None, SystemExit()])  # the worker dies while sending the 2nd message
    now = timezone.now()

    with pytest.raises(SystemExit):
        delivery.deliver_due(now=now)
    assert [status(row) for row in rows] == ["sent", "pending", "pending"]

    delivery.deliver_due(now=now)  # another run right away: the 2nd is still leased to the dead worker
    delivery.deliver_due(now=now + delivery.LEASE)  # the lease has run out

    assert [status(row) for row in rows] == ["sent", "sent", "sent"]
    assert sorted(message_ids().values()) == [1, 1, 1]
    assert set(message_ids()) == {delivery.message_id(row) for row in rows}


def test_a_keyboard_interrupt_is_not_taken_for_a_failed_send(appeal, resident, flaky_mail):
    [row] = queue(appeal, resident)
    flaky_mail.append(KeyboardInterrupt())

    with pytest.raises(KeyboardInterrupt):
        delivery.deliver_due()

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, "")


def test_of_two_workers_that_saw_the_same_row_only_one_sends(appeal, resident):
    [row] = queue(appeal, resident)
    now = timezone.now()
    seen_by_a = delivery.due(now)  # worker A reads the row ...

    delivery.deliver_due(now=now)  # ... worker B claims and sends it first

    assert [delivery.deliver_one(stale, now) for stale in seen_by_a] == [False]
    assert len(mail.outbox) == 1


def test_a_claim_with_a_stale_due_time_loses(appeal, resident):
    [row] = queue(appeal, resident)
    now = timezone.now()
    stale = Notification.objects.get(pk=row.pk)

    assert delivery.claim(row, now) is True
    assert delivery.claim(stale, now) is False
    assert mail.outbox == []


def test_a_telegram_row_for_someone_without_a_chat_is_given_up(appeal, resident):
    row = Notification.objects.create(recipient=resident, channel=Channel.TELEGRAM, kind="done", appeal=appeal, key="t")

    delivery.deliver_due(now=timezone.now() + timedelta(days=1))

    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED and "Undeliverable" in row.last_error


def test_a_recipient_without_an_address_fails_at_once(appeal, resident):
    [row] = queue(appeal, resident)
    resident.email = None
    resident.save(update_fields=["email"])

    delivery.deliver_due()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, 1)
    assert "Undeliverable" in row.last_error


def test_a_batch_is_bounded_and_oldest_first(appeal):
    rows = queue(appeal, *[UserFactory() for _ in range(3)])
    Notification.objects.filter(pk=rows[2].pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))

    outcome = delivery.deliver_due(batch=2)

    assert (outcome.sent, outcome.full) == (2, True)
    assert [status(row) for row in rows] == ["sent", "pending", "sent"]
