"""Personal data is seen only by the applicant and the staff who handle the appeal."""

import json

import pytest

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals import selectors, workflow
from qala.appeals.models import Source
from qala.appeals.tests.factories import staff, submitted_appeal
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db
PHONE_SHOWN = "+77012345678"
PHONE_DISPLAYED = "+7 701 234 5678"


@pytest.fixture
def appeal(city):
    return submitted_appeal(contact_phone=PHONE_SHOWN)


def test_the_applicant_sees_the_phone_on_the_appeal_page(client, appeal):
    client.force_login(appeal.applicant)
    assert PHONE_DISPLAYED in client.get(f"/en/appeals/{appeal.number}/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "second resident", "operator elsewhere"])
def test_others_see_the_appeal_but_never_the_phone(client, appeal, who):
    if who == "second resident":
        client.force_login(UserFactory())
    elif who == "operator elsewhere":
        operator = UserFactory(role=User.Role.OPERATOR)
        operator.territories.add(Territory.objects.get(code="KZ-75"))
        client.force_login(operator)
    page = client.get(f"/en/appeals/{appeal.number}/").content.decode()
    assert appeal.number in page
    assert PHONE_SHOWN not in page and "701 234" not in page
    assert appeal.applicant.email not in page


def test_an_operator_of_the_territory_sees_the_phone(client, appeal):
    operator = UserFactory(role=User.Role.OPERATOR)
    operator.territories.add(Territory.objects.get(code="KZ-71"))
    client.force_login(operator)
    assert PHONE_DISPLAYED in client.get(f"/en/appeals/{appeal.number}/").content.decode()


def test_visible_to_scopes(appeal):
    assert list(selectors.appeals_visible_to(appeal.applicant)) == [appeal]
    assert not selectors.appeals_visible_to(UserFactory()).exists()
    admin = UserFactory(role=User.Role.ADMIN)
    assert selectors.appeals_visible_to(admin).count() == 1


def test_a_rejected_appeal_is_hidden_from_the_public_but_not_from_its_applicant(client, appeal):
    workflow.reject(appeal, actor=staff(User.Role.OPERATOR), source=Source.OPERATOR, reason_code="spam")
    assert client.get(f"/en/appeals/{appeal.number}/").status_code == 404
    client.force_login(appeal.applicant)
    assert client.get(f"/en/appeals/{appeal.number}/").status_code == 200


def test_map_data_carries_no_personal_data_and_no_rejected_appeals(client, appeal):
    rejected = submitted_appeal()
    workflow.reject(rejected, actor=staff(User.Role.OPERATOR), source=Source.OPERATOR, reason_code="spam")
    body = client.get("/en/map/data.json?bbox=40,46,56,88").content.decode()
    data = json.loads(body)
    assert [m["number"] for m in data["markers"]] == [appeal.number]
    marker = data["markers"][0]
    assert set(marker) == {"number", "lat", "lon", "status", "status_label", "category", "icon", "date", "thumbnail"}
    assert PHONE_SHOWN not in body and "701" not in body.replace(appeal.number, "")
    assert appeal.description not in body and appeal.address not in body


def test_map_data_filters_and_bounds(client, city, settings):
    settings.QALA_MAP_MAX_MARKERS = 3
    for _ in range(4):
        submitted_appeal()
    submitted_appeal(category="lighting")
    data = client.get("/en/map/data.json?bbox=40,46,56,88").json()
    assert len(data["markers"]) == 3 and data["truncated"] is True
    lighting = client.get("/en/map/data.json?category=lighting").json()
    assert [m["category"] for m in lighting["markers"]] == ["Street lighting"]
    elsewhere = client.get("/en/map/data.json?bbox=43,76,44,77").json()
    assert elsewhere["markers"] == []
    assert client.get("/en/map/data.json?bbox=not,a,box").status_code == 200


def test_map_data_query_count_does_not_grow_with_markers(client, city, django_assert_max_num_queries):
    for _ in range(6):
        submitted_appeal()
    with django_assert_max_num_queries(4):
        assert len(client.get("/en/map/data.json").json()["markers"]) == 6


def test_my_appeals_lists_newest_first_with_bounded_queries(client, city, django_assert_max_num_queries):
    resident = UserFactory()
    numbers = [submitted_appeal(applicant=resident).number for _ in range(12)]
    submitted_appeal()  # someone else's
    client.force_login(resident)
    with django_assert_max_num_queries(10):
        page = client.get("/en/my/").content.decode()
    assert numbers[-1] in page and numbers[2] in page and numbers[1] not in page
    assert page.index(numbers[-1]) < page.index(numbers[-2])
    second = client.get("/en/my/?page=2").content.decode()
    assert numbers[0] in second and numbers[1] in second


def test_nearby_duplicates_leave_out_finished_appeals_and_other_categories(city):
    from qala.appeals.tests.factories import done_appeal

    appeal = submitted_appeal(point=(51.128300, 71.430600))
    open_twin = submitted_appeal(point=(51.128400, 71.430700))
    finished_twin = done_appeal(point=(51.128350, 71.430650))
    lamp = submitted_appeal(point=(51.128300, 71.430600), category="lighting")
    found = selectors.nearby_duplicates(appeal)
    assert found == [open_twin]
    assert 0 < found[0].distance_m < 20
    assert finished_twin not in found and lamp not in found


def test_leaderboard_query_count_does_not_grow(client, city, django_assert_max_num_queries):
    from qala.appeals.tests.factories import assigned_appeal

    for _ in range(8):
        assigned_appeal()
    with django_assert_max_num_queries(4):
        page = client.get("/en/leaderboard/").content.decode()
    assert page.count("<tr>") == 9
