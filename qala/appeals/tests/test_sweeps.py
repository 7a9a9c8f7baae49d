from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qala.accounts.models import User
from qala.appeals import sweeps
from qala.appeals.models import Appeal, Event
from qala.appeals.tests.factories import assigned_appeal, done_appeal, organisation, staff
from qala.notifications.models import Notification

pytestmark = pytest.mark.django_db
R = User.Role


def _due(appeal, hours_ago):
    Appeal.objects.filter(pk=appeal.pk).update(deadline=timezone.now() - timedelta(hours=hours_ago))


def test_a_breach_is_recorded_once_and_the_manager_and_akimat_are_told(city):
    manager = staff(R.ORG_MANAGER, organisation=organisation(), territory=None)
    akimat = staff(R.AKIMAT)
    appeal = assigned_appeal()
    _due(appeal, 1)
    assert sweeps.sweep_breaches() == 1
    assert sweeps.sweep_breaches() == 0
    assert Event.objects.filter(appeal=appeal, kind="deadline_breached").count() == 1
    told = set(Notification.objects.filter(kind="deadline_breached").values_list("recipient", flat=True))
    assert {manager.pk, akimat.pk} <= told


def _due_at(appeal, when):
    Appeal.objects.filter(pk=appeal.pk).update(deadline=when)


def test_the_sweep_reads_only_what_became_due_since_its_last_run(city, django_assert_num_queries):
    start = timezone.now()
    appeals = [assigned_appeal() for _ in range(4)]
    sweeps.sweep_breaches(now=start)  # sets the checkpoint
    for appeal in appeals[:2]:
        _due_at(appeal, start + timedelta(minutes=1))
    with CaptureQueriesContext(connection) as captured:
        assert sweeps.sweep_breaches(now=start + timedelta(minutes=2)) == 2
    queries_for_two = len(captured)
    # Many more open appeals, two of them due in the next window: the cost is the same.
    for _ in range(12):
        assigned_appeal()
    for appeal in appeals[2:]:
        _due_at(appeal, start + timedelta(minutes=3))
    with django_assert_num_queries(queries_for_two):
        assert sweeps.sweep_breaches(now=start + timedelta(minutes=4)) == 2


def test_an_extended_deadline_can_be_breached_again(city):
    appeal = assigned_appeal()
    _due(appeal, 2)
    sweeps.sweep_breaches()
    later = timezone.now() + timedelta(hours=1)
    _due_at(appeal, later)  # as an approved extension would
    assert sweeps.sweep_breaches(now=later + timedelta(minutes=1)) == 1
    assert Event.objects.filter(appeal=appeal, kind="deadline_breached").count() == 2


def test_done_appeals_close_after_seven_days_without_an_answer(city, settings):
    settings.QALA_AUTO_CLOSE_DAYS = 7
    old, fresh = done_appeal(), done_appeal()
    Appeal.objects.filter(pk=old.pk).update(done_at=timezone.now() - timedelta(days=8))
    assert sweeps.sweep_auto_close() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.rating) == (Appeal.Status.CLOSED, None)
    assert fresh.status == Appeal.Status.DONE
    assert old.events.last().kind == "auto_closed" and old.events.last().actor is None


def test_the_command_runs_both_sweeps(city):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("sweep_deadlines", stdout=out)
    assert "breaches recorded: 0" in out.getvalue()


def test_the_executor_is_warned_once_when_the_deadline_comes_close(city, settings):
    from qala.appeals.tests.factories import staff

    settings.QALA_DEADLINE_WARNING_HOURS = 24
    executor = staff(R.EXECUTOR, organisation=organisation(), territory=None)
    near, far = assigned_appeal(executor=executor), assigned_appeal(executor=executor)
    _due_at(near, timezone.now() + timedelta(hours=3))
    _due_at(far, timezone.now() + timedelta(days=5))
    assert sweeps.sweep_deadlines_near() == 1
    assert sweeps.sweep_deadlines_near() == 0
    warned = Notification.objects.filter(kind="deadline_near", recipient=executor)
    assert set(warned.values_list("appeal", flat=True)) == {near.pk}
