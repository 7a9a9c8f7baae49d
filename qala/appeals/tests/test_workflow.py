import itertools
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals import workflow
from qala.appeals.actions import Action
from qala.appeals.models import Appeal, Category, Event, Source
from qala.appeals.tests.factories import (
    assigned_appeal,
    done_appeal,
    organisation,
    photo_for,
    staff,
    submitted_appeal,
)
from qala.common.errors import Conflict, Invalid, InvalidTransition, NotAllowed
from qala.notifications.models import Notification
from qala.rewards.models import PointsEntry

pytestmark = pytest.mark.django_db
S = Appeal.Status
R = User.Role

# Who may take each action, written out independently of permissions.py.
MAY = {
    Action.ASSIGN: {"operator", "admin"},
    Action.REASSIGN: {"operator", "admin", "manager"},
    Action.START: {"executor", "manager", "admin"},
    Action.COMPLETE: {"executor", "manager", "admin"},
    Action.RETURN: {"executor", "manager", "admin"},
    Action.REJECT: {"operator", "admin"},
    Action.MERGE: {"operator", "admin"},
    Action.EDIT: {"operator", "admin"},
    Action.CONFIRM: {"applicant"},
    Action.DISPUTE: {"applicant"},
    Action.AUTO_CLOSE: {"system"},
    Action.REQUEST_EXTENSION: {"executor", "manager"},
    Action.EXTEND_DEADLINE: {"operator", "admin", "manager"},
    Action.REFUSE_EXTENSION: {"operator", "admin", "manager"},
    Action.FORWARD: {"operator", "admin"},
    Action.ACKNOWLEDGE: {"executor", "manager"},
}
# From which states, also written out independently of the TRANSITIONS table.
FROM = {
    Action.ASSIGN: {S.NEW},
    Action.REJECT: {S.NEW},
    Action.MERGE: {S.NEW},
    Action.EDIT: {S.NEW},
    Action.REASSIGN: {S.ASSIGNED, S.IN_PROGRESS},
    Action.RETURN: {S.ASSIGNED, S.IN_PROGRESS},
    Action.REQUEST_EXTENSION: {S.ASSIGNED, S.IN_PROGRESS},
    Action.EXTEND_DEADLINE: {S.ASSIGNED, S.IN_PROGRESS},
    Action.REFUSE_EXTENSION: {S.ASSIGNED, S.IN_PROGRESS},
    Action.START: {S.ASSIGNED},
    Action.COMPLETE: {S.IN_PROGRESS},
    Action.CONFIRM: {S.DONE},
    Action.DISPUTE: {S.DONE},
    Action.AUTO_CLOSE: {S.DONE},
    Action.FORWARD: {S.NEW},
    Action.ACKNOWLEDGE: {S.ASSIGNED, S.IN_PROGRESS},
}
# Actions that exist only for one kind of appeal are tried on that kind.
KIND_FOR = {Action.FORWARD: "statement", Action.ACKNOWLEDGE: "gratitude"}
ROLES = [
    "applicant",
    "citizen",
    "operator",
    "operator_elsewhere",
    "executor",
    "colleague",
    "executor_other_org",
    "manager",
    "manager_other_org",
    "akimat",
    "psc_staff",
    "admin",
    "system",
]


@pytest.fixture
def cast(city):
    org, other = organisation("roads"), organisation("parks")
    return {
        "org": org,
        "operator": staff(R.OPERATOR),
        "operator_elsewhere": staff(R.OPERATOR, territory="KZ-75"),
        "executor": staff(R.EXECUTOR, organisation=org, territory=None),
        "colleague": staff(R.EXECUTOR, organisation=org, territory=None),
        "executor_other_org": staff(R.EXECUTOR, organisation=other, territory=None),
        "manager": staff(R.ORG_MANAGER, organisation=org, territory=None),
        "manager_other_org": staff(R.ORG_MANAGER, organisation=other, territory=None),
        "akimat": staff(R.AKIMAT),
        "psc_staff": staff(R.PSC_STAFF),
        "admin": staff(R.ADMIN, territory=None),
        "citizen": UserFactory(),
        "system": None,
    }


def appeal_in(state, cast, kind="report"):
    appeal = submitted_appeal(kind=kind)
    operator, executor = cast["operator"], cast["executor"]
    if state == S.REJECTED:
        return workflow.reject(appeal, actor=operator, source=Source.OPERATOR, reason_code="spam")
    if state == S.NEW:
        return appeal
    workflow.assign(appeal, actor=operator, source=Source.OPERATOR, organisation=cast["org"], executor=executor)
    if state == S.ASSIGNED:
        return appeal
    workflow.start(appeal, actor=executor, source=Source.WEB)
    if state == S.IN_PROGRESS:
        return appeal
    workflow.complete(appeal, actor=executor, source=Source.WEB, answer="Готово", photos=[photo_for(appeal)])
    if state == S.DONE:
        return appeal
    return workflow.confirm(appeal, actor=appeal.applicant, source=Source.WEB, rating=4)


def call(action, appeal, actor, cast, extras):
    later = (appeal.deadline or timezone.now()) + timedelta(days=5)
    arguments = {
        Action.ASSIGN: {"organisation": cast["org"]},
        Action.REASSIGN: {"organisation": cast["org"], "executor": cast["colleague"]},
        Action.COMPLETE: {"answer": "Готово", "photos": [photo_for(appeal, stage="after")]},
        Action.RETURN: {"reason": "Не наш участок"},
        Action.REJECT: {"reason_code": "spam"},
        Action.MERGE: {"into": extras["parent"]},
        Action.EDIT: {"category": Category.objects.get(code="lighting")},
        Action.CONFIRM: {"rating": 5},
        Action.DISPUTE: {"reason": "Яма осталась"},
        Action.REQUEST_EXTENSION: {"deadline": later, "reason": "Нужен асфальт"},
        Action.EXTEND_DEADLINE: {"deadline": later, "reason": "Нужен асфальт"},
        Action.REFUSE_EXTENSION: {"request": extras.get("request"), "reason": "Успеете"},
        Action.FORWARD: {"body": "Департамент полиции"},
    }.get(action, {})
    function = workflow.return_ if action == Action.RETURN else getattr(workflow, action.value)
    return function(appeal, actor=actor, source=Source.WEB, **arguments)


def snapshot(appeal):
    row = Appeal.objects.filter(pk=appeal.pk).values().get()
    return row, appeal.events.count(), Notification.objects.count(), PointsEntry.objects.count()


@pytest.mark.parametrize(("state", "action"), list(itertools.product(S.values, Action)))
def test_every_role_state_and_action(cast, state, action):
    appeal = appeal_in(state, cast, kind=KIND_FOR.get(action, "report"))
    cast["applicant"] = appeal.applicant
    extras = {"parent": submitted_appeal()}
    if state in (S.ASSIGNED, S.IN_PROGRESS):
        extras["request"] = workflow.request_extension(
            appeal,
            actor=cast["executor"],
            source=Source.WEB,
            deadline=appeal.deadline + timedelta(days=3),
            reason="Ждём материалы",
        )
    appeal.refresh_from_db()
    for role in ROLES:
        before = snapshot(appeal)
        expected = InvalidTransition if state not in FROM[action] else None if role in MAY[action] else NotAllowed
        with transaction.atomic():
            fresh = Appeal.objects.get(pk=appeal.pk)
            if expected is None:
                events = fresh.events.count()
                call(action, fresh, cast[role], cast, extras)
                assert fresh.events.count() == events + 1, (role, action)
                new_event = fresh.events.latest("pk")
                assert new_event.source == Source.WEB
                assert new_event.actor == cast[role]
                transaction.set_rollback(True)
            else:
                with pytest.raises(expected):
                    call(action, fresh, cast[role], cast, extras)
                assert snapshot(appeal) == before, (role, action)


def test_the_table_matches_the_written_expectations():
    assert {action: set(froms) for action, (froms, _to) in workflow.TRANSITIONS.items()} == FROM


def test_the_whole_life_writes_one_event_per_step(cast):
    appeal = appeal_in(S.CLOSED, cast)
    assert list(appeal.events.values_list("kind", flat=True)) == [
        "submitted",
        "assigned",
        "started",
        "completed",
        "confirmed",
    ]
    assert (appeal.status, appeal.rating, appeal.executor) == (S.CLOSED, 4, cast["executor"])
    assert appeal.done_at and appeal.closed_at


def test_two_operators_assigning_the_same_appeal_one_wins_the_other_gets_a_conflict(cast):
    appeal = submitted_appeal()
    stale = Appeal.objects.get(pk=appeal.pk)
    workflow.assign(appeal, actor=cast["operator"], source=Source.OPERATOR, organisation=cast["org"])
    with pytest.raises(Conflict):
        workflow.assign(stale, actor=staff(R.OPERATOR), source=Source.OPERATOR, organisation=organisation("parks"))
    assert Event.objects.filter(appeal=appeal, kind="assigned").count() == 1
    assert Appeal.objects.get(pk=appeal.pk).organisation == cast["org"]


def test_assign_counts_the_deadline_from_submission_and_an_override_needs_a_reason(cast):
    appeal = submitted_appeal(category="open_manhole")
    computed = workflow.category_deadline(appeal)
    with pytest.raises(Invalid) as error:
        workflow.assign(
            appeal,
            actor=cast["operator"],
            source=Source.OPERATOR,
            organisation=cast["org"],
            deadline=computed + timedelta(days=2),
        )
    assert error.value.code == "reason_required"
    workflow.assign(
        appeal,
        actor=cast["operator"],
        source=Source.OPERATOR,
        organisation=cast["org"],
        deadline=computed + timedelta(days=2),
        deadline_reason="Праздники у подрядчика",
    )
    assert appeal.deadline == computed + timedelta(days=2)
    assert appeal.events.last().data["deadline_reason"] == "Праздники у подрядчика"


def test_assign_notifies_resident_and_executor_and_awards_points_once(cast):
    appeal = assigned_appeal(operator=cast["operator"], executor=cast["executor"])
    kinds = set(Notification.objects.filter(appeal=appeal).values_list("recipient__email", "kind"))
    assert (appeal.applicant.email, "assigned") in kinds and (cast["executor"].email, "task_assigned") in kinds
    workflow.return_(appeal, actor=cast["executor"], source=Source.WEB, reason="Не наш участок")
    workflow.assign(appeal, actor=cast["operator"], source=Source.OPERATOR, organisation=cast["org"])
    assert list(PointsEntry.objects.filter(user=appeal.applicant).values_list("points", flat=True)) == [10]


def test_reject_gives_no_points_and_tells_the_resident(cast):
    appeal = submitted_appeal()
    workflow.reject(
        appeal,
        actor=cast["operator"],
        source=Source.OPERATOR,
        reason_code="not_competent",
        reason="Это частная территория",
    )
    assert not PointsEntry.objects.exists()
    assert Notification.objects.filter(recipient=appeal.applicant, kind="rejected").exists()
    with pytest.raises(Invalid):
        workflow.reject(submitted_appeal(), actor=cast["operator"], source=Source.OPERATOR, reason_code="bogus")


def test_merge_points_the_duplicate_at_its_parent(cast):
    parent, duplicate = submitted_appeal(), submitted_appeal()
    workflow.merge(duplicate, actor=cast["operator"], source=Source.OPERATOR, into=parent)
    assert (duplicate.status, duplicate.merged_into) == (S.REJECTED, parent)
    with pytest.raises(Invalid):
        workflow.merge(parent, actor=cast["operator"], source=Source.OPERATOR, into=parent)


def test_edit_routes_the_new_point_and_moves_the_deadline_with_the_category(cast):
    appeal = submitted_appeal(category="pothole")
    workflow.edit(
        appeal,
        actor=cast["operator"],
        source=Source.OPERATOR,
        category=Category.objects.get(code="open_manhole"),
        latitude=51.16,
        longitude=71.50,
    )
    assert appeal.category.code == "open_manhole"
    assert appeal.deadline == workflow.category_deadline(appeal)
    assert set(appeal.events.last().data) >= {"category", "point"}


def test_complete_needs_a_comment_and_a_photo_and_at_most_five(cast):
    appeal = appeal_in(S.IN_PROGRESS, cast)
    for arguments in (
        {"answer": "", "photos": [photo_for(appeal)]},
        {"answer": "Готово", "photos": []},
        {"answer": "Готово", "photos": [photo_for(appeal) for _ in range(6)]},
    ):
        with pytest.raises(Invalid):
            workflow.complete(appeal, actor=cast["executor"], source=Source.WEB, **arguments)
    assert Appeal.objects.get(pk=appeal.pk).status == S.IN_PROGRESS


def test_a_manager_reassigns_only_inside_the_organisation(cast):
    appeal = appeal_in(S.ASSIGNED, cast)
    with pytest.raises(NotAllowed):
        workflow.reassign(appeal, actor=cast["manager"], source=Source.WEB, organisation=organisation("parks"))
    workflow.reassign(
        appeal, actor=cast["manager"], source=Source.WEB, organisation=cast["org"], executor=cast["colleague"]
    )
    assert appeal.executor == cast["colleague"]
    with pytest.raises(NotAllowed):
        workflow.start(appeal, actor=cast["executor"], source=Source.WEB)


def test_dispute_returns_to_the_same_organisation_with_a_new_deadline(cast):
    appeal = done_appeal(executor=cast["executor"])
    workflow.dispute(
        appeal,
        actor=appeal.applicant,
        source=Source.WEB,
        reason="Яма осталась",
        photos=[photo_for(appeal, stage="dispute")],
    )
    assert (appeal.status, appeal.organisation, appeal.done_at) == (S.ASSIGNED, cast["org"], None)
    assert appeal.deadline > timezone.now()
    assert appeal.events.last().data["organisation"] == cast["org"].pk
    assert Notification.objects.filter(recipient=cast["executor"], kind="disputed").exists()


def test_confirm_closes_with_rating_comment_and_points(cast):
    appeal = done_appeal(executor=cast["executor"])
    with pytest.raises(Invalid):
        workflow.confirm(appeal, actor=appeal.applicant, source=Source.WEB, rating=6)
    workflow.confirm(appeal, actor=appeal.applicant, source=Source.WEB, rating=5, comment="Спасибо!")
    assert (appeal.status, appeal.rating, appeal.feedback) == (S.CLOSED, 5, "Спасибо!")
    assert sorted(PointsEntry.objects.filter(user=appeal.applicant).values_list("points", flat=True)) == [5, 10]


def test_an_extension_request_is_answered_once(cast):
    appeal = appeal_in(S.IN_PROGRESS, cast)
    wanted = appeal.deadline + timedelta(days=4)
    request = workflow.request_extension(
        appeal, actor=cast["executor"], source=Source.WEB, deadline=wanted, reason="Нужен кран"
    )
    appeal.refresh_from_db()
    workflow.extend_deadline(
        appeal, actor=cast["manager"], source=Source.WEB, deadline=wanted, reason="Согласовано", request=request
    )
    assert appeal.deadline == wanted
    with pytest.raises(Invalid):
        workflow.refuse_extension(appeal, actor=cast["manager"], source=Source.WEB, request=request, reason="Нет")
    with pytest.raises(Invalid):
        workflow.request_extension(appeal, actor=cast["executor"], source=Source.WEB, deadline=wanted, reason="Ещё")


def test_record_breach_is_written_once_per_deadline(cast):
    appeal = appeal_in(S.ASSIGNED, cast)
    Appeal.objects.filter(pk=appeal.pk).update(deadline=timezone.now() - timedelta(hours=1))
    appeal.refresh_from_db()
    assert workflow.record_breach(appeal) is not None
    assert workflow.record_breach(appeal) is None
    assert appeal.events.filter(kind="deadline_breached").count() == 1
    assert Notification.objects.filter(kind="deadline_breached", recipient=cast["manager"]).exists()
    assert Notification.objects.filter(kind="deadline_breached", recipient=cast["akimat"]).exists()


def test_a_phone_appeal_belongs_to_no_account_unless_given(cast):
    appeal = workflow.submit(
        actor=cast["operator"],
        source=Source.PHONE,
        category=Category.objects.get(code="lighting"),
        description="Не горят фонари во дворе",
        latitude=51.13,
        longitude=71.43,
        territory=submitted_appeal().territory,
        contact_phone="+77012345678",
    )
    assert appeal.applicant is None and appeal.events.get().actor == cast["operator"]


def test_the_transition_table_check_passes():
    from qala.appeals.checks import transitions_cover_every_status

    assert transitions_cover_every_status(None) == []
