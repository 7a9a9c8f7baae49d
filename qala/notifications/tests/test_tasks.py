from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from qala.notifications import delivery, services, tasks
from qala.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db


def test_the_task_sends_what_is_due(appeal, resident):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")

    assert tasks.deliver_outbox.call() == 1
    assert len(mail.outbox) == 1


def test_the_task_works_through_every_batch(appeal, resident, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH", 2)
    for number in range(5):
        services.notify([resident], kind="done", appeal=appeal, cause=f"event:{number}")

    assert tasks.deliver_outbox.call() == 5


def test_after_a_failure_the_task_comes_back_when_the_retry_is_due(appeal, resident, flaky_mail, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    flaky_mail.append(ConnectionRefusedError("SMTP is down"))

    tasks.deliver_outbox.call()

    retry_at = Notification.objects.get(channel=Channel.EMAIL).next_attempt_at
    [follow_up] = tasks.deliver_outbox.get_backend().results
    assert follow_up.task.run_after == retry_at
    assert retry_at - timezone.now() <= delivery.FIRST_RETRY


def test_the_command_sends_what_a_stopped_worker_left(appeal, resident, capsys):
    services.notify([resident], kind="assigned", appeal=appeal, cause="event:1")
    # a worker claimed it and died: the lease has run out since
    Notification.objects.filter(channel=Channel.EMAIL).update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    call_command("deliver_notifications")

    assert len(mail.outbox) == 1
    assert "1 notification(s) sent." in capsys.readouterr().out
