"""The appeal's life: one function per transition, each in one transaction.

Each function checks the table and the actor's right, changes the row with a compare-and-set
on its status, writes the Event, queues the notifications and awards the points. Nothing else
assigns `Appeal.status`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qala.accounts.models import User
from qala.accounts.selectors import managers_of, staff_of_territory
from qala.common.errors import Conflict, Invalid, InvalidTransition, NotAllowed
from qala.notifications.services import notify
from qala.rewards.models import PointsEntry
from qala.rewards.services import award
from qala.territory.routing import route_point

from . import deadlines, numbers, permissions
from .actions import Action
from .models import Appeal, Event, Photo, Source

S = Appeal.Status
OPEN_WORK = frozenset({S.ASSIGNED, S.IN_PROGRESS})

# action → (the statuses it may start from, the status it leads to; None: the status stays)
TRANSITIONS: dict[Action, tuple[frozenset, str | None]] = {
    Action.ASSIGN: (frozenset({S.NEW}), S.ASSIGNED),
    Action.REASSIGN: (OPEN_WORK, S.ASSIGNED),
    Action.START: (frozenset({S.ASSIGNED}), S.IN_PROGRESS),
    Action.COMPLETE: (frozenset({S.IN_PROGRESS}), S.DONE),
    Action.RETURN: (OPEN_WORK, S.NEW),
    Action.REJECT: (frozenset({S.NEW}), S.REJECTED),
    Action.MERGE: (frozenset({S.NEW}), S.REJECTED),
    Action.EDIT: (frozenset({S.NEW}), None),
    Action.CONFIRM: (frozenset({S.DONE}), S.CLOSED),
    Action.DISPUTE: (frozenset({S.DONE}), S.ASSIGNED),
    Action.AUTO_CLOSE: (frozenset({S.DONE}), S.CLOSED),
    Action.REQUEST_EXTENSION: (OPEN_WORK, None),
    Action.EXTEND_DEADLINE: (OPEN_WORK, None),
    Action.REFUSE_EXTENSION: (OPEN_WORK, None),
    Action.FORWARD: (frozenset({S.NEW}), S.CLOSED),
    Action.ACKNOWLEDGE: (OPEN_WORK, S.CLOSED),
}
# A formal appeal's deadline may be extended, with a reason, to at most two months after it came in.
FORMAL_EXTENSION_LIMIT_DAYS = 61

REJECT_REASONS = {
    "spam": _("Spam"),
    "not_competent": _("Not in the city's competence"),
    "insufficient": _("Insufficient data"),
    "duplicate": _("Duplicate"),
}
NUMBER_ATTEMPTS = 20


# --- the steps every transition takes


def _check(appeal: Appeal, action: Action, actor) -> None:
    allowed_from, _to = TRANSITIONS[action]
    if appeal.status not in allowed_from:
        raise InvalidTransition(
            _("The appeal is “%(status)s”; this action is not possible now.") % {"status": appeal.get_status_display()},
            code="invalid_transition",
        )
    permissions.require(actor, action, appeal)


def _move(appeal: Appeal, action: Action, **fields) -> str:
    """Compare-and-set on the status; zero rows means someone else changed the appeal first."""
    from_status = appeal.status
    to_status = TRANSITIONS[action][1] or from_status
    changed = Appeal.objects.filter(pk=appeal.pk, status=from_status, updated_at=appeal.updated_at).update(
        status=to_status, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise Conflict()
    appeal.refresh_from_db(fields=["status", "updated_at", *fields])  # keeps the related objects already loaded
    return from_status


def _record(appeal, kind, *, actor, source, from_status=None, note="", data=None, answers=None) -> Event:
    """Append the Event; `from_status` is given only when the status moved (empty for a new appeal)."""
    return Event.objects.create(
        appeal=appeal,
        actor=actor,
        source=source,
        kind=kind,
        from_status=from_status or "",
        to_status=appeal.status if from_status is not None else "",
        note=note,
        data=data or {},
        answers=answers,
    )


def _reason(text: str, message=None) -> str:
    if not (text or "").strip():
        raise Invalid(message or _("Give a reason."), code="reason_required", field="reason")
    return text.strip()


def photos_limit_check(count: int) -> None:
    limit = settings.QALA_PHOTOS_PER_APPEAL
    if count > limit:
        raise Invalid(
            ngettext("Attach at most %(limit)d photo.", "Attach at most %(limit)d photos.", limit) % {"limit": limit},
            code="photos_too_many",
            field="photos",
        )


def _attach(photos, appeal, stage) -> None:
    photos_limit_check(len(photos))
    Photo.objects.filter(pk__in=[photo.pk for photo in photos]).update(appeal=appeal, draft=None, stage=stage)
    for photo in photos:
        photo.appeal, photo.draft, photo.stage = appeal, None, stage


def category_deadline(appeal, category=None):
    """The category's rule, counted in working time from the moment the appeal was submitted."""
    category = category or appeal.category
    return deadlines.due_at(appeal.created_at, category.deadline_days, deadlines.calendar_overrides())


def _cause(event: Event) -> str:
    return f"event-{event.pk}"


def _executor_in(organisation, executor) -> None:
    if executor is not None and (
        executor.organisation_id != organisation.pk or executor.role not in (User.Role.EXECUTOR, User.Role.ORG_MANAGER)
    ):
        raise Invalid(_("The executor does not belong to this organisation."), code="executor_org", field="executor")


# --- submission


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
    applicant=None,
    title="",
    deputy=None,
) -> Appeal:
    """Create an appeal (status `new`) with its number, deadline and first Event.

    `actor` files it; `applicant` is the resident it belongs to (the actor, unless an operator
    registers a phone call). `photos` are saved Photo rows that now belong to the appeal.
    """
    if kind == Appeal.Kind.REPORT and not category.accepts_reports:
        raise Invalid(_("This category does not accept reports."), code="category_closed", field="category")
    if applicant is None and source != Source.PHONE:
        applicant = actor
    now = timezone.now()
    due = deadlines.due_at(now, category.deadline_days, deadlines.calendar_overrides())
    appeal = None
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(
                    number=numbers.new_number(),
                    kind=kind,
                    title=title,
                    deputy=deputy,
                    source=source,
                    category=category,
                    applicant=applicant,
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
    _attach(photos, appeal, Photo.Stage.REPORT)
    _record(
        appeal,
        Event.Kind.SUBMITTED,
        actor=actor,
        source=source,
        from_status="",
        data={"category": category.code, "territory": territory.code, "photos": len(photos)},
    )
    return appeal


# --- triage (operator)


@transaction.atomic
def edit(appeal, *, actor, source, category=None, latitude=None, longitude=None) -> Appeal:
    """Correct the category or the point of a new appeal; the deadline follows the category."""
    _check(appeal, Action.EDIT, actor)
    fields, changes = {}, {}
    if category is not None and category.pk != appeal.category_id:
        fields.update(category=category, deadline=category_deadline(appeal, category))
        changes["category"] = [appeal.category.code, category.code]
    if latitude is not None and longitude is not None:
        territory = route_point(latitude, longitude)
        fields.update(latitude=round(float(latitude), 6), longitude=round(float(longitude), 6), territory=territory)
        changes["point"] = [
            [float(appeal.latitude), float(appeal.longitude)],
            [fields["latitude"], fields["longitude"]],
        ]
        if territory.pk != appeal.territory_id:
            changes["territory"] = [appeal.territory.code, territory.code]
    if not fields:
        raise Invalid(_("Nothing was changed."), code="no_change")
    _move(appeal, Action.EDIT, **fields)
    _record(appeal, Event.Kind.EDITED, actor=actor, source=source, data=changes)
    record_breach(appeal)  # a stricter category may put the deadline behind us, before the sweep's window
    return appeal


@transaction.atomic
def reject(appeal, *, actor, source, reason_code: str, reason="") -> Appeal:
    _check(appeal, Action.REJECT, actor)
    if reason_code not in REJECT_REASONS or reason_code == "duplicate":
        raise Invalid(
            _("Choose a reason from the list; merge a duplicate instead."), code="reason_code", field="reason"
        )
    note = (reason or "").strip()
    from_status = _move(appeal, Action.REJECT)
    event = _record(
        appeal,
        Event.Kind.REJECTED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=note,
        data={"reason": reason_code},
    )
    notify(
        [appeal.applicant],
        kind="rejected",
        appeal=appeal,
        cause=_cause(event),
        context={"reason_code": reason_code, "reason": note},
    )
    return appeal


@transaction.atomic
def merge(appeal, *, actor, source, into: Appeal, note="") -> Appeal:
    """Reject a duplicate by merging it into the appeal it repeats."""
    _check(appeal, Action.MERGE, actor)
    if into.pk == appeal.pk or into.status == S.REJECTED:
        raise Invalid(_("Choose another appeal that is not rejected."), code="merge_target", field="into")
    from_status = _move(appeal, Action.MERGE, merged_into=into)
    event = _record(
        appeal,
        Event.Kind.MERGED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=(note or "").strip(),
        data={"into": into.number, "reason": "duplicate"},
    )
    notify([appeal.applicant], kind="merged", appeal=appeal, cause=_cause(event), context={"parent": into.number})
    return appeal


@transaction.atomic
def assign(appeal, *, actor, source, organisation, executor=None, deadline=None, deadline_reason="", note="") -> Appeal:
    """Give the appeal to an organisation (and perhaps an executor) with the category's deadline.

    A deadline other than the computed one needs a reason.
    """
    _check(appeal, Action.ASSIGN, actor)
    _executor_in(organisation, executor)
    computed = category_deadline(appeal)
    due, override = _deadline_choice(computed, deadline, deadline_reason)
    from_status = _move(appeal, Action.ASSIGN, organisation=organisation, executor=executor, deadline=due)
    event = _record(
        appeal,
        Event.Kind.ASSIGNED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=note,
        data={
            "organisation": organisation.pk,
            "executor": executor.pk if executor else None,
            "deadline": due.isoformat(),
            "computed_deadline": computed.isoformat(),
            **({"deadline_reason": override} if override else {}),
        },
    )
    notify([appeal.applicant], kind="assigned", appeal=appeal, cause=_cause(event))
    notify([executor], kind="task_assigned", appeal=appeal, cause=_cause(event))
    award(appeal.applicant, appeal=appeal, reason=PointsEntry.Reason.ACCEPTED)
    return appeal


def _deadline_choice(computed, deadline, reason):
    if deadline is None or deadline == computed:
        return computed, ""
    if deadline <= timezone.now():
        raise Invalid(_("The deadline must be in the future."), code="deadline_past", field="deadline")
    return deadline, _reason(reason, _("Say why the deadline differs from the category's rule."))


@transaction.atomic
def reassign(appeal, *, actor, source, organisation, executor=None, note="") -> Appeal:
    """Hand the work to another executor, or (operators only) another organisation."""
    _check(appeal, Action.REASSIGN, actor)
    if actor.role == User.Role.ORG_MANAGER and organisation.pk != actor.organisation_id:
        raise NotAllowed(_("A manager reassigns only inside the organisation."), code="not_allowed")
    _executor_in(organisation, executor)
    if organisation.pk == appeal.organisation_id and executor == appeal.executor:
        raise Invalid(_("Choose another organisation or executor."), code="no_change", field="executor")
    before = {"organisation": appeal.organisation_id, "executor": appeal.executor_id}
    from_status = _move(appeal, Action.REASSIGN, organisation=organisation, executor=executor)
    event = _record(
        appeal,
        Event.Kind.REASSIGNED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=note,
        data={"from": before, "to": {"organisation": organisation.pk, "executor": executor.pk if executor else None}},
    )
    notify([executor], kind="reassigned", appeal=appeal, cause=_cause(event))
    return appeal


# --- execution (executor, manager)


@transaction.atomic
def start(appeal, *, actor, source, photos=(), note="") -> Appeal:
    _check(appeal, Action.START, actor)
    fields = {} if appeal.executor_id else {"executor": actor}
    from_status = _move(appeal, Action.START, **fields)
    _attach(photos, appeal, Photo.Stage.BEFORE)
    _record(
        appeal,
        Event.Kind.STARTED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=note,
        data={"photos": len(photos)},
    )
    return appeal


@transaction.atomic
def complete(appeal, *, actor, source, answer, photos=()) -> Appeal:
    _check(appeal, Action.COMPLETE, actor)
    answer = (answer or "").strip()
    if not answer:
        raise Invalid(_("Describe the work that was done."), code="answer_required", field="answer")
    if not photos and appeal.kind == Appeal.Kind.REPORT:
        raise Invalid(_("Add at least one photo of the result."), code="photos_required", field="photos")
    from_status = _move(appeal, Action.COMPLETE, answer=answer, done_at=timezone.now())
    _attach(photos, appeal, Photo.Stage.AFTER)
    event = _record(
        appeal,
        Event.Kind.COMPLETED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=answer,
        data={"photos": len(photos)},
    )
    notify([appeal.applicant], kind="done", appeal=appeal, cause=_cause(event))
    return appeal


@transaction.atomic
def return_(appeal, *, actor, source, reason) -> Appeal:
    """Give the appeal back to the operators ("not ours", "cannot find the place")."""
    _check(appeal, Action.RETURN, actor)
    reason = _reason(reason)
    organisation = appeal.organisation_id
    from_status = _move(appeal, Action.RETURN, organisation=None, executor=None)
    event = _record(
        appeal,
        Event.Kind.RETURNED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=reason,
        data={"organisation": organisation},
    )
    notify(
        staff_of_territory(appeal.territory, User.Role.OPERATOR),
        kind="returned",
        appeal=appeal,
        cause=_cause(event),
        context={"reason": reason},
    )
    return appeal


@transaction.atomic
def request_extension(appeal, *, actor, source, deadline, reason) -> Event:
    """Ask for more time; an operator or the organisation's manager decides."""
    _check(appeal, Action.REQUEST_EXTENSION, actor)
    reason = _reason(reason)
    if appeal.deadline and deadline <= appeal.deadline:
        raise Invalid(_("Ask for a date after the current deadline."), code="deadline_not_later", field="deadline")
    _move(appeal, Action.REQUEST_EXTENSION)
    event = _record(
        appeal,
        Event.Kind.EXTENSION_REQUESTED,
        actor=actor,
        source=source,
        note=reason,
        data={"deadline": deadline.isoformat()},
    )
    deciders = [*managers_of(appeal.organisation), *staff_of_territory(appeal.territory, User.Role.OPERATOR)]
    notify(
        deciders,
        kind="extension_requested",
        appeal=appeal,
        cause=_cause(event),
        context={"reason": reason, "requested_deadline": deadline.isoformat()},
    )
    return event


def _open_request(appeal, request) -> Event | None:
    if request is None:
        return None
    if request.appeal_id != appeal.pk or request.kind != Event.Kind.EXTENSION_REQUESTED or request.answered_by.exists():
        raise Invalid(_("This request has already been answered."), code="request_answered")
    return request


@transaction.atomic
def extend_deadline(appeal, *, actor, source, deadline, reason, request: Event | None = None) -> Appeal:
    _check(appeal, Action.EXTEND_DEADLINE, actor)
    request = _open_request(appeal, request)
    reason = _reason(reason)
    if deadline <= timezone.now() or (appeal.deadline and deadline <= appeal.deadline):
        raise Invalid(
            _("The new deadline must be later than the current one."), code="deadline_not_later", field="deadline"
        )
    if appeal.kind != Appeal.Kind.REPORT and deadline > appeal.created_at + timedelta(days=FORMAL_EXTENSION_LIMIT_DAYS):
        raise Invalid(
            _("A formal appeal's deadline can be extended to at most two months after it came in."),
            code="deadline_too_late",
            field="deadline",
        )
    before = appeal.deadline
    _move(appeal, Action.EXTEND_DEADLINE, deadline=deadline)
    event = _record(
        appeal,
        Event.Kind.DEADLINE_EXTENDED,
        actor=actor,
        source=source,
        note=reason,
        answers=request,
        data={"from": before.isoformat() if before else None, "to": deadline.isoformat()},
    )
    notify(
        [appeal.applicant, appeal.executor],
        kind="deadline_extended",
        appeal=appeal,
        cause=_cause(event),
        context={"reason": reason, "deadline": deadline.isoformat()},
    )
    return appeal


@transaction.atomic
def refuse_extension(appeal, *, actor, source, request: Event, reason) -> Appeal:
    _check(appeal, Action.REFUSE_EXTENSION, actor)
    request = _open_request(appeal, request)
    reason = _reason(reason)
    _move(appeal, Action.REFUSE_EXTENSION)
    event = _record(appeal, Event.Kind.EXTENSION_REFUSED, actor=actor, source=source, note=reason, answers=request)
    notify([request.actor], kind="extension_refused", appeal=appeal, cause=_cause(event), context={"reason": reason})
    return appeal


@transaction.atomic
def forward(appeal, *, actor, source, body: str, note="") -> Appeal:
    """A formal appeal outside the akimat's competence goes to the competent body; the applicant is told."""
    _check(appeal, Action.FORWARD, actor)
    body = _reason(body, _("Name the competent body the appeal is forwarded to."))
    from_status = _move(appeal, Action.FORWARD, closed_at=timezone.now())
    event = _record(
        appeal,
        Event.Kind.FORWARDED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=(note or "").strip(),
        data={"body": body},
    )
    notify([appeal.applicant], kind="forwarded", appeal=appeal, cause=_cause(event), context={"reason": body})
    return appeal


def deliver_gratitude(appeal, *, organisation) -> Appeal:
    """A gratitude goes straight to the organisation it names, which then acknowledges it."""
    from_status = _move(appeal, Action.ASSIGN, organisation=organisation)
    event = _record(
        appeal,
        Event.Kind.ASSIGNED,
        actor=None,
        source=Source.SYSTEM,
        from_status=from_status,
        data={"organisation": organisation.pk},
    )
    notify(managers_of(organisation), kind="gratitude", appeal=appeal, cause=_cause(event))
    return appeal


@transaction.atomic
def acknowledge(appeal, *, actor, source, note="") -> Appeal:
    _check(appeal, Action.ACKNOWLEDGE, actor)
    from_status = _move(appeal, Action.ACKNOWLEDGE, closed_at=timezone.now())
    event = _record(
        appeal, Event.Kind.ACKNOWLEDGED, actor=actor, source=source, from_status=from_status, note=(note or "").strip()
    )
    notify([appeal.applicant], kind="acknowledged", appeal=appeal, cause=_cause(event))
    return appeal


# --- the resident's answer


@transaction.atomic
def confirm(appeal, *, actor, source, rating, comment="") -> Appeal:
    _check(appeal, Action.CONFIRM, actor)
    if rating not in (1, 2, 3, 4, 5):
        raise Invalid(_("Choose from one to five stars."), code="rating_range", field="rating")
    comment = (comment or "").strip()
    from_status = _move(appeal, Action.CONFIRM, rating=rating, feedback=comment, closed_at=timezone.now())
    _record(
        appeal,
        Event.Kind.CONFIRMED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=comment,
        data={"rating": rating},
    )
    award(appeal.applicant, appeal=appeal, reason=PointsEntry.Reason.CONFIRMED)
    return appeal


@transaction.atomic
def dispute(appeal, *, actor, source, reason, photos=()) -> Appeal:
    """The work is not done: back to the same organisation with a new deadline."""
    _check(appeal, Action.DISPUTE, actor)
    reason = _reason(reason, _("Say what is still wrong."))
    due = deadlines.due_at(timezone.now(), appeal.category.deadline_days, deadlines.calendar_overrides())
    from_status = _move(appeal, Action.DISPUTE, deadline=due, done_at=None)
    _attach(photos, appeal, Photo.Stage.DISPUTE)
    event = _record(
        appeal,
        Event.Kind.DISPUTED,
        actor=actor,
        source=source,
        from_status=from_status,
        note=reason,
        data={
            "organisation": appeal.organisation_id,
            "executor": appeal.executor_id,
            "deadline": due.isoformat(),
            "photos": len(photos),
        },
    )
    notify(
        [*managers_of(appeal.organisation), appeal.executor],
        kind="disputed",
        appeal=appeal,
        cause=_cause(event),
        context={"reason": reason},
    )
    return appeal


@transaction.atomic
def auto_close(appeal, *, actor=None, source=Source.SYSTEM) -> Appeal:
    """No answer from the resident in time: closed without a rating."""
    _check(appeal, Action.AUTO_CLOSE, actor)
    from_status = _move(appeal, Action.AUTO_CLOSE, closed_at=timezone.now())
    event = _record(
        appeal,
        Event.Kind.AUTO_CLOSED,
        actor=None,
        source=source,
        from_status=from_status,
        data={"days": settings.QALA_AUTO_CLOSE_DAYS},
    )
    notify([appeal.applicant], kind="auto_closed", appeal=appeal, cause=_cause(event))
    return appeal


# --- the system's records


@transaction.atomic
def record_breach(appeal, *, now=None) -> Event | None:
    """Record once that the current deadline was missed, and tell the manager and the akimat."""
    deadline = appeal.deadline
    if deadline is None or deadline > (now or timezone.now()) or appeal.status in Appeal.FINISHED:
        return None
    marked = (
        Appeal.objects.filter(pk=appeal.pk, deadline=deadline, status__in=Appeal.OPEN)
        .exclude(breached_deadline=deadline)
        .update(breached_deadline=deadline)
    )
    if not marked:
        return None
    event = _record(
        appeal,
        Event.Kind.DEADLINE_BREACHED,
        actor=None,
        source=Source.SYSTEM,
        data={"deadline": deadline.isoformat(), "organisation": appeal.organisation_id},
    )
    recipients = [*managers_of(appeal.organisation), *staff_of_territory(appeal.territory, User.Role.AKIMAT)]
    notify(recipients, kind="deadline_breached", appeal=appeal, cause=_cause(event))
    return event


def auto_close_after() -> timedelta:
    return timedelta(days=settings.QALA_AUTO_CLOSE_DAYS)
