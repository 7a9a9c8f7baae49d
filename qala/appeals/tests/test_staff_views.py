"""The operator console, the executor's tasks and the resident's answer, through the pages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals.models import Appeal, Category, Photo
from qala.appeals.tests.factories import (
    assigned_appeal,
    done_appeal,
    jpeg_bytes,
    organisation,
    staff,
    submitted_appeal,
)
from qala.organisations.models import RoutingRule
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db
R = User.Role


def jpeg(name="after.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


@pytest.fixture
def operator(client, city):
    user = staff(R.OPERATOR)
    client.force_login(user)
    return user


def test_only_operators_open_the_queue(client, city):
    client.force_login(UserFactory())
    assert client.get("/en/staff/queue/").status_code == 403
    client.force_login(staff(R.EXECUTOR, organisation=organisation(), territory=None))
    assert client.get("/en/staff/queue/").status_code == 403


def test_the_queue_puts_overdue_first_then_oldest_and_counts(client, operator, django_assert_max_num_queries):
    oldest, newer, overdue = submitted_appeal(), submitted_appeal(), submitted_appeal()
    Appeal.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - timedelta(hours=1))
    Appeal.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(days=2))
    elsewhere = submitted_appeal(point=(43.2389, 76.8897))  # Almaty: outside this operator's scope
    with django_assert_max_num_queries(12):
        page = client.get("/en/staff/queue/").content.decode()
    assert page.index(overdue.number) < page.index(oldest.number) < page.index(newer.number)
    assert elsewhere.number not in page
    assert "3 appeals waiting" in page and "1 overdue" in page


def test_the_queue_query_count_does_not_grow(client, operator, django_assert_max_num_queries):
    for _ in range(25):
        submitted_appeal()
    with django_assert_max_num_queries(12):
        client.get("/en/staff/queue/")


def test_queue_filters(client, operator):
    pothole, lamp = submitted_appeal(category="pothole"), submitted_appeal(category="lighting")
    page = client.get(f"/en/staff/queue/?category={Category.objects.get(code='lighting').pk}").content.decode()
    assert lamp.number in page and pothole.number not in page
    page = client.get("/en/staff/queue/?channel=phone").content.decode()
    assert lamp.number not in page
    page = client.get("/en/staff/queue/?age=24").content.decode()
    assert lamp.number not in page


def test_triage_suggests_the_routed_organisation_and_shows_the_computed_deadline(client, operator):
    appeal = submitted_appeal(category="pothole")
    roads = organisation("roads")
    roads.territories.add(Territory.objects.get(code="KZ-71"))
    RoutingRule.objects.create(
        category=appeal.category, territory=Territory.objects.get(code="KZ-71"), organisation=roads
    )
    page = client.get(f"/en/staff/appeals/{appeal.number}/").content.decode()
    assert "Suggested by the routing rules: roads en" in page
    assert "10 working days from submission" in page


def test_assign_from_triage(client, operator):
    appeal = submitted_appeal()
    roads = organisation("roads")
    response = client.post(f"/en/staff/appeals/{appeal.number}/", {"action": "assign", "organisation": roads.pk})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.organisation) == ("assigned", roads)


def test_a_deadline_override_without_a_reason_is_refused_next_to_the_field(client, operator):
    appeal = submitted_appeal()
    later = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/en/staff/appeals/{appeal.number}/",
        {"action": "assign", "organisation": organisation().pk, "deadline": later},
    )
    assert response.status_code == 400
    assert "Say why the deadline differs" in response.content.decode()
    assert Appeal.objects.get(pk=appeal.pk).status == "new"


def test_nearby_duplicates_within_100_m_are_offered_and_merged_in_one_click(client, operator):
    first = submitted_appeal(point=(51.128300, 71.430600))
    near = submitted_appeal(point=(51.128800, 71.430600))  # about 56 m north
    far = submitted_appeal(point=(51.131000, 71.430600))  # about 300 m
    other_kind = submitted_appeal(point=(51.128300, 71.430700), category="lighting")
    page = client.get(f"/en/staff/appeals/{near.number}/").content.decode()
    assert first.number in page and far.number not in page and other_kind.number not in page
    client.post(f"/en/staff/appeals/{near.number}/", {"action": "merge", "into": first.number})
    near.refresh_from_db()
    assert (near.status, near.merged_into) == ("rejected", first)


def test_reject_with_a_reason_from_the_list(client, operator):
    appeal = submitted_appeal()
    client.post(f"/en/staff/appeals/{appeal.number}/", {"action": "reject", "reason_code": "spam", "reason": "Реклама"})
    appeal.refresh_from_db()
    assert appeal.status == "rejected"
    assert appeal.events.last().data == {"reason": "spam"}


def test_an_operator_registers_a_phone_call(client, operator):
    caller = UserFactory(phone="+77011112233")
    response = client.post(
        "/en/staff/phone/",
        {
            "category": Category.objects.get(code="lighting").pk,
            "description": "Не горит фонарь у дома 5",
            "address": "ул. Кенесары, 5",
            "contact_phone": "8 701 111 22 33",
            "latitude": "51.1283",
            "longitude": "71.4306",
            "photos": [jpeg("call.jpg")],
        },
    )
    appeal = Appeal.objects.get(source="phone")
    assert response["Location"] == f"/en/staff/appeals/{appeal.number}/"
    assert (appeal.applicant, appeal.contact_phone, appeal.photos.count()) == (caller, "+77011112233", 1)
    assert appeal.events.get().actor == operator


def test_a_phone_call_with_a_bad_number_saves_nothing(client, operator):
    response = client.post(
        "/en/staff/phone/",
        {
            "category": Category.objects.get(code="lighting").pk,
            "description": "Не горит фонарь у дома 5",
            "contact_phone": "+7 495 123 45 67",
            "latitude": "51.1283",
            "longitude": "71.4306",
        },
    )
    assert response.status_code == 400
    assert not Appeal.objects.exists()


# --- executor


@pytest.fixture
def crew(city):
    roads = organisation("roads")
    return {
        "executor": staff(R.EXECUTOR, organisation=roads, territory=None),
        "manager": staff(R.ORG_MANAGER, organisation=roads, territory=None),
        "org": roads,
    }


def test_my_tasks_sorted_by_deadline_with_overdue_marked(client, crew, django_assert_max_num_queries):
    later, sooner = assigned_appeal(executor=crew["executor"]), assigned_appeal(executor=crew["executor"])
    Appeal.objects.filter(pk=sooner.pk).update(deadline=timezone.now() - timedelta(hours=2))
    someone_elses = assigned_appeal(org=organisation("parks"))
    client.force_login(crew["executor"])
    with django_assert_max_num_queries(10):
        page = client.get("/en/staff/tasks/").content.decode()
    assert page.index(sooner.number) < page.index(later.number)
    assert "Overdue" in page and someone_elses.number not in page


def test_start_and_complete_with_photos_through_the_task_page(client, crew):
    appeal = assigned_appeal(executor=crew["executor"])
    client.force_login(crew["executor"])
    page = client.get(f"/en/staff/tasks/{appeal.number}/").content.decode()
    assert "geo:51.1283" in page
    client.post(f"/en/staff/tasks/{appeal.number}/", {"action": "start", "photos": [jpeg("before.jpg")]})
    refused = client.post(f"/en/staff/tasks/{appeal.number}/", {"action": "complete", "answer": "Готово"})
    assert refused.status_code == 400 and "Add at least one photo" in refused.content.decode()
    client.post(
        f"/en/staff/tasks/{appeal.number}/",
        {"action": "complete", "answer": "Яма заделана", "photos": [jpeg(), jpeg("b.jpg")]},
    )
    appeal.refresh_from_db()
    assert appeal.status == "done"
    assert sorted(appeal.photos.values_list("stage", flat=True)) == ["after", "after", "before", "report"]


def test_a_broken_after_photo_saves_nothing(client, crew):
    appeal = assigned_appeal(executor=crew["executor"])
    client.force_login(crew["executor"])
    client.post(f"/en/staff/tasks/{appeal.number}/", {"action": "start"})
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(
        f"/en/staff/tasks/{appeal.number}/", {"action": "complete", "answer": "Готово", "photos": [jpeg(), bad]}
    )
    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.status == "in_progress"
    assert not appeal.photos.filter(stage=Photo.Stage.AFTER).exists()


def test_return_and_extension_request_from_the_task_page(client, crew):
    appeal = assigned_appeal(executor=crew["executor"])
    client.force_login(crew["executor"])
    wanted = (timezone.localtime(appeal.deadline) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/en/staff/tasks/{appeal.number}/", {"action": "extension", "deadline": wanted, "reason": "Ждём асфальт"}
    )
    request = appeal.events.get(kind="extension_requested")
    client.force_login(crew["manager"])
    client.post(
        f"/en/staff/tasks/{appeal.number}/",
        {"action": "decide", "request": request.pk, "decision": "approve", "deadline": wanted, "reason": "Согласовано"},
    )
    appeal.refresh_from_db()
    assert timezone.localtime(appeal.deadline).strftime("%Y-%m-%dT%H:%M") == wanted
    client.force_login(crew["executor"])
    client.post(f"/en/staff/tasks/{appeal.number}/", {"action": "return", "reason_code": "not_found"})
    appeal.refresh_from_db()
    assert appeal.status == "new" and appeal.events.last().note == "Cannot find the place"


def test_an_executor_of_another_organisation_cannot_open_the_task(client, crew):
    appeal = assigned_appeal(executor=crew["executor"])
    client.force_login(staff(R.EXECUTOR, organisation=organisation("parks"), territory=None))
    assert client.get(f"/en/staff/tasks/{appeal.number}/").status_code == 404


# --- resident


def test_the_resident_confirms_with_stars(client, city):
    appeal = done_appeal()
    client.force_login(appeal.applicant)
    assert "Is the problem fixed?" in client.get(f"/en/appeals/{appeal.number}/").content.decode()
    client.post(f"/en/appeals/{appeal.number}/confirm/", {"rating": "5", "comment": "Спасибо!"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating, appeal.feedback) == ("closed", 5, "Спасибо!")


def test_the_resident_disputes_with_a_photo(client, city):
    appeal = done_appeal()
    client.force_login(appeal.applicant)
    client.post(f"/en/appeals/{appeal.number}/dispute/", {"reason": "Яма осталась", "photos": [jpeg("still.jpg")]})
    appeal.refresh_from_db()
    assert appeal.status == "assigned"
    assert appeal.photos.filter(stage="dispute").count() == 1


def test_someone_else_cannot_confirm(client, city):
    appeal = done_appeal()
    client.force_login(UserFactory())
    response = client.post(f"/en/appeals/{appeal.number}/confirm/", {"rating": "1"})
    assert response.status_code == 400
    assert Appeal.objects.get(pk=appeal.pk).status == "done"


def test_profile_shows_points_and_the_leaderboard_shows_no_contacts(client, city):
    appeal = done_appeal()
    client.force_login(appeal.applicant)
    client.post(f"/en/appeals/{appeal.number}/confirm/", {"rating": "4"})
    assert ">15<" in client.get("/en/profile/").content.decode()
    board = client.get("/en/leaderboard/").content.decode()
    assert appeal.applicant.public_name in board and appeal.applicant.email not in board
