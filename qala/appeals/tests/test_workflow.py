import pytest

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals import workflow
from qala.appeals.actions import Action
from qala.appeals.models import Appeal, Event, Source
from qala.appeals.tests.factories import submitted_appeal
from qala.common.errors import Conflict, InvalidTransition, NotAllowed
from qala.organisations.models import Organisation

pytestmark = pytest.mark.django_db
S = Appeal.Status


@pytest.fixture
def people(city):
    organisation = Organisation.objects.create(
        code="roads", kind="utility", name_kk="Жол", name_ru="Дороги", name_en="Roads"
    )
    return {
        "operator": UserFactory(role=User.Role.OPERATOR),
        "executor": UserFactory(role=User.Role.EXECUTOR, organisation=organisation),
        "stranger": UserFactory(
            role=User.Role.EXECUTOR,
            organisation=Organisation.objects.create(
                code="other", kind="utility", name_kk="Б", name_ru="Б", name_en="B"
            ),
        ),
        "organisation": organisation,
    }


def _after_photo(appeal):
    from qala.appeals.photos import process_image
    from qala.appeals.services import photo_create
    from qala.appeals.tests.factories import jpeg_bytes

    return photo_create(process_image(jpeg_bytes(), name="after.jpg"), appeal=appeal)


def test_submit_creates_a_new_appeal_with_deadline_and_first_event(city):
    appeal = submitted_appeal()
    assert appeal.status == S.NEW
    assert appeal.deadline > appeal.created_at
    event = appeal.events.get()
    assert (event.kind, event.to_status, event.actor, event.source) == ("submitted", "new", appeal.applicant, "web")


def test_the_whole_life_writes_one_event_per_step(people):
    appeal = submitted_appeal()
    workflow.assign(appeal, actor=people["operator"], source=Source.OPERATOR, organisation=people["organisation"])
    workflow.start(appeal, actor=people["executor"], source=Source.WEB)
    workflow.complete(
        appeal, actor=people["executor"], source=Source.WEB, answer="Яма заделана", photos=[_after_photo(appeal)]
    )
    workflow.confirm(appeal, actor=appeal.applicant, source=Source.WEB, rating=5, comment="Спасибо")
    assert appeal.status == S.CLOSED and appeal.rating == 5
    assert list(appeal.events.values_list("kind", flat=True)) == [
        "submitted",
        "assigned",
        "started",
        "completed",
        "confirmed",
    ]
    assert appeal.executor == people["executor"]


def test_every_action_from_a_status_outside_the_table_is_refused_and_changes_nothing(people):
    appeal = submitted_appeal()
    for action, (allowed_from, _to) in workflow.TRANSITIONS.items():
        if S.NEW in allowed_from:
            continue
        function = workflow.return_ if action == Action.RETURN else getattr(workflow, action.value)
        with pytest.raises(InvalidTransition):
            function(appeal, actor=people["operator"], source=Source.WEB, **_arguments(action))
    appeal.refresh_from_db()
    assert appeal.status == S.NEW
    assert appeal.events.count() == 1


def _arguments(action):
    return {
        Action.COMPLETE: {"answer": "x", "photos": []},
        Action.RETURN: {"reason": "x"},
        Action.CONFIRM: {"rating": 5},
        Action.DISPUTE: {"reason": "x"},
    }.get(action, {})


def test_a_resident_cannot_assign_and_an_executor_of_another_organisation_cannot_start(people):
    appeal = submitted_appeal()
    with pytest.raises(NotAllowed):
        workflow.assign(appeal, actor=appeal.applicant, source=Source.WEB, organisation=people["organisation"])
    workflow.assign(appeal, actor=people["operator"], source=Source.OPERATOR, organisation=people["organisation"])
    with pytest.raises(NotAllowed):
        workflow.start(appeal, actor=people["stranger"], source=Source.WEB)
    assert Appeal.objects.get(pk=appeal.pk).status == S.ASSIGNED


def test_two_operators_assigning_the_same_appeal_one_wins_the_other_gets_a_conflict(people):
    appeal = submitted_appeal()
    stale = Appeal.objects.get(pk=appeal.pk)
    workflow.assign(appeal, actor=people["operator"], source=Source.OPERATOR, organisation=people["organisation"])
    with pytest.raises(Conflict):
        workflow.assign(
            stale,
            actor=UserFactory(role=User.Role.OPERATOR),
            source=Source.OPERATOR,
            organisation=people["organisation"],
        )
    assert Event.objects.filter(appeal=appeal, kind="assigned").count() == 1


def test_reject_needs_a_reason_and_records_it(people):
    appeal = submitted_appeal()
    workflow.reject(appeal, actor=people["operator"], source=Source.OPERATOR, reason="Дубликат")
    assert appeal.status == S.REJECTED
    assert appeal.events.last().note == "Дубликат"


def test_the_transition_table_check_passes():
    from qala.appeals.checks import transitions_cover_every_status

    assert transitions_cover_every_status(None) == []
