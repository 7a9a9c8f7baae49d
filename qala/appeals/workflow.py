"""The appeal's life: one function per transition, each in one transaction.

Each function checks the table and the actor's right, moves the status with a
compare-and-set, and writes the Event. Nothing else assigns `Appeal.status`.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qala.common.errors import Conflict, Invalid, InvalidTransition

from . import deadlines, numbers, permissions
from .actions import Action
from .models import Appeal, Event, Source

S = Appeal.Status

TRANSITIONS: dict[Action, tuple[frozenset, str]] = {
    Action.ASSIGN: (frozenset({S.NEW}), S.ASSIGNED),
    Action.START: (frozenset({S.ASSIGNED}), S.IN_PROGRESS),
    Action.COMPLETE: (frozenset({S.IN_PROGRESS}), S.DONE),
    Action.RETURN: (frozenset({S.ASSIGNED, S.IN_PROGRESS}), S.NEW),
    Action.REJECT: (frozenset({S.NEW}), S.REJECTED),
    Action.CONFIRM: (frozenset({S.DONE}), S.CLOSED),
    Action.DISPUTE: (frozenset({S.DONE}), S.ASSIGNED),
    Action.AUTO_CLOSE: (frozenset({S.DONE}), S.CLOSED),
}

NUMBER_ATTEMPTS = 20


def _check(appeal: Appeal, action: Action, actor) -> None:
    allowed_from, _to = TRANSITIONS[action]
    if appeal.status not in allowed_from:
        raise InvalidTransition(
            _("The appeal is “%(status)s”; this action is not possible now.") % {"status": appeal.get_status_display()},
            code="invalid_transition",
        )
    permissions.require(actor, action, appeal)


def _move(appeal: Appeal, action: Action, **fields) -> str:
    """Compare-and-set the status; zero rows means someone else moved the appeal first."""
    from_status = appeal.status
    to_status = TRANSITIONS[action][1]
    changed = Appeal.objects.filter(pk=appeal.pk, status=from_status).update(
        status=to_status, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise Conflict()
    appeal.refresh_from_db()
    return from_status


def _reason(text: str, message=None) -> str:
    if not text.strip():
        raise Invalid(message or _("Give a reason."), code="reason_required", field="reason")
    return text.strip()


def _record(appeal, kind, *, actor, source, from_status="", note="", data=None) -> Event:
    return Event.objects.create(
        appeal=appeal,
        actor=actor,
        source=source,
        kind=kind,
        from_status=from_status,
        to_status=appeal.status,
        note=note,
        data=data or {},
    )


@transaction.atomic
def submit(
    *,
    actor,
    source: Source,
    category,
    description,
    latitude,
    longitude,
    territory,
    address="",
    contact_phone="",
    photos=(),
    kind=Appeal.Kind.REPORT,
) -> Appeal:
    """Create an appeal (status `new`) with its number, deadline and first Event.

    `photos` are saved Photo rows (from a draft) that now belong to the appeal.
    """
    if not category.accepts_reports:
        raise Invalid(_("This category does not accept reports."), code="category_closed", field="category")
    now = timezone.now()
    due = deadlines.due_at(now, category.deadline_days, deadlines.calendar_overrides())
    appeal = None
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(
                    number=numbers.new_number(),
                    kind=kind,
                    source=source,
                    category=category,
                    applicant=actor,
                    description=description,
                    address=address,
                    contact_phone=contact_phone,
                    latitude=latitude,
                    longitude=longitude,
                    territory=territory,
                    deadline=due,
                )
            break
        except IntegrityError:
            continue
    if appeal is None:
        raise Conflict(_("Could not give the appeal a number. Please try again."), code="number_exhausted")
    for photo in photos:
        photo.appeal, photo.draft = appeal, None
        photo.save(update_fields=["appeal", "draft"])
    _record(
        appeal,
        Event.Kind.SUBMITTED,
        actor=actor,
        source=source,
        data={"category": category.code, "territory": territory.code, "photos": len(photos)},
    )
    return appeal


@transaction.atomic
def assign(appeal, *, actor, source, organisation, executor=None, deadline=None, note="") -> Appeal:
    _check(appeal, Action.ASSIGN, actor)
    if executor is not None and executor.organisation_id != organisation.pk:
        raise Invalid(_("The executor does not belong to this organisation."), code="executor_org", field="executor")
    from_status = _move(
        appeal,
        Action.ASSIGN,
        organisation=organisation,
        executor=executor,
        **({"deadline": deadline} if deadline else {}),
    )
    _record(
        appeal,
        Event.Kind.ASSIGNED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=note,
        data={
            "organisation": organisation.pk,
            "executor": executor.pk if executor else None,
            "deadline": appeal.deadline.isoformat() if appeal.deadline else None,
        },
    )
    return appeal


@transaction.atomic
def start(appeal, *, actor, source, note="") -> Appeal:
    _check(appeal, Action.START, actor)
    fields = {} if appeal.executor_id else {"executor": actor}
    from_status = _move(appeal, Action.START, **fields)
    _record(appeal, Event.Kind.STARTED, actor=actor, source=source, from_status=from_status, note=note)
    return appeal


@transaction.atomic
def complete(appeal, *, actor, source, answer, photos=()) -> Appeal:
    _check(appeal, Action.COMPLETE, actor)
    if not answer.strip():
        raise Invalid(_("Describe the work that was done."), code="answer_required", field="answer")
    if not photos:
        raise Invalid(_("Add at least one photo of the result."), code="photos_required", field="photos")
    from_status = _move(appeal, Action.COMPLETE, answer=answer.strip())
    for photo in photos:
        photo.appeal, photo.draft, photo.stage = appeal, None, photo.Stage.AFTER
        photo.save(update_fields=["appeal", "draft", "stage"])
    _record(appeal, Event.Kind.COMPLETED, actor=actor, source=source, from_status=from_status, note=answer.strip())
    return appeal


@transaction.atomic
def return_(appeal, *, actor, source, reason) -> Appeal:
    _check(appeal, Action.RETURN, actor)
    reason = _reason(reason)
    from_status = _move(appeal, Action.RETURN, organisation=None, executor=None)
    _record(appeal, Event.Kind.RETURNED, actor=actor, source=source, from_status=from_status, note=reason)
    return appeal


@transaction.atomic
def reject(appeal, *, actor, source, reason) -> Appeal:
    _check(appeal, Action.REJECT, actor)
    reason = _reason(reason)
    from_status = _move(appeal, Action.REJECT)
    _record(appeal, Event.Kind.REJECTED, actor=actor, source=source, from_status=from_status, note=reason)
    return appeal


@transaction.atomic
def confirm(appeal, *, actor, source, rating, comment="") -> Appeal:
    _check(appeal, Action.CONFIRM, actor)
    if rating not in (1, 2, 3, 4, 5):
        raise Invalid(_("Choose from one to five stars."), code="rating_range", field="rating")
    from_status = _move(appeal, Action.CONFIRM, rating=rating)
    _record(
        appeal,
        Event.Kind.CONFIRMED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=comment.strip(),
        data={"rating": rating},
    )
    return appeal


@transaction.atomic
def dispute(appeal, *, actor, source, reason) -> Appeal:
    _check(appeal, Action.DISPUTE, actor)
    reason = _reason(reason, _("Say what is still wrong."))
    due = deadlines.due_at(timezone.now(), appeal.category.deadline_days, deadlines.calendar_overrides())
    from_status = _move(appeal, Action.DISPUTE, deadline=due)
    _record(appeal, Event.Kind.DISPUTED, actor=actor, source=source, from_status=from_status, note=reason)
    return appeal


@transaction.atomic
def auto_close(appeal, *, actor=None, source=Source.SYSTEM) -> Appeal:
    _check(appeal, Action.AUTO_CLOSE, actor)
    from_status = _move(appeal, Action.AUTO_CLOSE)
    _record(appeal, Event.Kind.AUTO_CLOSED, actor=None, source=source, from_status=from_status)
    return appeal
