from datetime import UTC, datetime

import pytest
from django.core import mail

from qala.accounts.tests.factories import UserFactory
from qala.notifications import services
from qala.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db


def without_email(user):
    user.email = None
    user.save(update_fields=["email"])
    return user


def rows(**filters):
    return sorted(Notification.objects.filter(**filters).values_list("recipient_id", "channel", "status"))


def test_notify_writes_one_row_per_recipient_and_channel(appeal):
    # given
    first, second = UserFactory(), UserFactory()
    # when
    services.notify([first, second], kind="assigned", appeal=appeal, cause="event:1")
    # then
    assert rows() == sorted(
        [
            (first.pk, Channel.EMAIL, Notification.Status.PENDING),
            (first.pk, Channel.IN_APP, Notification.Status.SENT),
            (second.pk, Channel.EMAIL, Notification.Status.PENDING),
            (second.pk, Channel.IN_APP, Notification.Status.SENT),
        ]
    )


def test_the_same_cause_never_writes_twice(appeal, resident):
    services.notify([resident, resident], kind="assigned", appeal=appeal, cause="event:1")
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")

    assert Notification.objects.count() == 2


def test_another_cause_notifies_again(appeal, resident):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:2")

    assert Notification.objects.count() == 4


def test_email_switched_off_writes_no_email_row(appeal, resident):
    services.preference_set(resident, channel=Channel.EMAIL, enabled=False)

    services.notify([resident], kind="done", appeal=appeal, cause="event:1")

    assert rows() == [(resident.pk, Channel.IN_APP, Notification.Status.SENT)]
    assert services.channels_for(resident) == [Channel.IN_APP]


def test_in_app_cannot_be_switched_off(appeal, resident):
    services.preference_set(resident, channel=Channel.IN_APP, enabled=False)

    assert services.channels_for(resident) == [Channel.IN_APP, Channel.EMAIL]


def test_a_user_without_email_is_told_in_app_only(appeal):
    user = without_email(UserFactory())

    services.notify([user], kind="done", appeal=appeal, cause="event:1")

    assert rows() == [(user.pk, Channel.IN_APP, Notification.Status.SENT)]


def test_missing_and_inactive_recipients_are_skipped(appeal):
    services.notify([None, UserFactory(is_active=False)], kind="done", appeal=appeal, cause="event:1")

    assert not Notification.objects.exists()


def test_a_long_cause_still_gives_a_unique_key(appeal, resident):
    services.notify([resident], kind="done", appeal=appeal, cause="x" * 300)
    services.notify([resident], kind="done", appeal=appeal, cause="x" * 300)
    services.notify([resident], kind="done", appeal=appeal, cause="x" * 299)

    assert Notification.objects.count() == 4
    assert all(len(key) <= 200 for key in Notification.objects.values_list("key", flat=True))


def test_dates_in_the_context_are_kept(appeal, resident):
    deadline = datetime(2025, 3, 20, 4, 0, tzinfo=UTC)

    services.notify([resident], kind="deadline_extended", appeal=appeal, cause="e:1", context={"deadline": deadline})

    stored = Notification.objects.filter(channel=Channel.IN_APP).get().context
    assert datetime.fromisoformat(stored["deadline"]) == deadline


def test_the_email_goes_out_after_the_commit(appeal, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
        assert mail.outbox == []  # nothing leaves before the change is committed

    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [[resident.email]]
    assert Notification.objects.get(channel=Channel.EMAIL).status == Notification.Status.SENT


def test_in_app_only_enqueues_nothing(appeal, django_capture_on_commit_callbacks):
    user = without_email(UserFactory())

    with django_capture_on_commit_callbacks() as callbacks:
        services.notify([user], kind="assigned", appeal=appeal, cause="event:1")

    assert callbacks == []


def test_marking_read(appeal, resident):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    services.notify([resident], kind="done", appeal=appeal, cause="event:2")
    first, second = Notification.objects.filter(channel=Channel.IN_APP).order_by("pk")

    services.notification_mark_read(first)
    read_at = Notification.objects.get(pk=first.pk).read_at
    services.notification_mark_read(first)  # opening it again keeps the first time

    assert read_at is not None
    assert Notification.objects.get(pk=first.pk).read_at == read_at
    assert services.notifications_mark_all_read(resident) == 1
    assert not Notification.objects.filter(channel=Channel.IN_APP, read_at__isnull=True).exists()


def test_many_changes_in_one_transaction_queue_one_delivery_run(city, django_capture_on_commit_callbacks):
    from django.db import transaction

    from qala.accounts.tests.factories import UserFactory
    from qala.notifications.services import notify

    people = [UserFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for index, person in enumerate(people):
            notify([person], kind="generic", cause=f"test-{index}")
    assert len(callbacks) == 1
