"""Periodic work on appeals: deadline breaches and the automatic close of unanswered done appeals.

Each sweep reads only the rows that became due since its last run (an index on the date serves
it), so its cost follows the number due, not the size of the table.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qala.common.errors import DomainError
from qala.common.models import Checkpoint
from qala.notifications.services import notify

from . import workflow
from .models import Appeal


def _window(name, now):
    checkpoint = Checkpoint.objects.select_for_update().filter(name=name).first()
    return checkpoint, (checkpoint.at if checkpoint else None)


def _advance(checkpoint, name, now):
    if checkpoint is None:
        Checkpoint.objects.create(name=name, at=now)
    else:
        Checkpoint.objects.filter(pk=checkpoint.pk).update(at=now)


def _quietly(step, appeal, **arguments):
    """One appeal that someone changed meanwhile must not stop the sweep for the others."""
    try:
        return step(appeal, **arguments)
    except DomainError:
        return None


@transaction.atomic
def sweep_breaches(now=None) -> int:
    """Record each deadline that passed since the last run (once), and tell the manager and the akimat."""
    now = now or timezone.now()
    checkpoint, since = _window("breaches", now)
    due = Appeal.objects.filter(status__in=Appeal.OPEN, deadline__lte=now)
    if since is not None:
        due = due.filter(deadline__gt=since)
    recorded = sum(
        1
        for appeal in due.select_related("territory", "organisation").defer("territory__boundary")
        if _quietly(workflow.record_breach, appeal, now=now)
    )
    _advance(checkpoint, "breaches", now)
    return recorded


@transaction.atomic
def sweep_auto_close(now=None) -> int:
    """Close done appeals whose resident has not answered within the configured days."""
    now = now or timezone.now()
    checkpoint, since = _window("auto_close", now)
    cutoff = now - workflow.auto_close_after()
    due = Appeal.objects.filter(status=Appeal.Status.DONE, done_at__lte=cutoff)
    if since is not None:
        due = due.filter(done_at__gt=since - workflow.auto_close_after())
    closed = sum(1 for appeal in due.select_related("applicant") if _quietly(workflow.auto_close, appeal))
    _advance(checkpoint, "auto_close", now)
    return closed


@transaction.atomic
def sweep_deadlines_near(now=None) -> int:
    """Warn the executor once when a task's deadline comes within the warning period."""
    now = now or timezone.now()
    lead = timedelta(hours=settings.QALA_DEADLINE_WARNING_HOURS)
    checkpoint, since = _window("deadlines_near", now)
    due = Appeal.objects.filter(
        status__in=(Appeal.Status.ASSIGNED, Appeal.Status.IN_PROGRESS),
        executor__isnull=False,
        deadline__gt=now,
        deadline__lte=now + lead,
    )
    if since is not None:
        due = due.filter(deadline__gt=since + lead)
    warned = 0
    for appeal in due.select_related("executor"):
        cause = f"deadline-near-{appeal.pk}-{appeal.deadline.isoformat()}"
        warned += bool(notify([appeal.executor], kind="deadline_near", appeal=appeal, cause=cause))
    _advance(checkpoint, "deadlines_near", now)
    return warned
