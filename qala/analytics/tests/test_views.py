from datetime import timedelta

import pytest
from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals import workflow
from qala.appeals.models import Category, Source
from qala.appeals.tests.factories import assigned_appeal, organisation, photo_for, staff, submitted_appeal

from .factories import HOUR, MEDEU, akimat, executor, league_data_set, move

pytestmark = pytest.mark.django_db

PANEL, LEAGUE = "/en/akimat/", "/en/akimat/league/"


def detail_url(appeal, language="en"):
    return f"/{language}/akimat/appeals/{appeal.number}/"


@pytest.fixture
def official(client, city):
    user = akimat()
    client.force_login(user)
    return user


def finished_appeal():
    """Assigned, started with a "before" photo, completed in 4 hours on time, confirmed with 5 stars."""
    roads = organisation("roads")
    worker = executor(roads, "Aida")
    appeal = assigned_appeal(executor=worker, contact_phone="+77015550011")
    workflow.start(appeal, actor=worker, source=Source.WEB, photos=[photo_for(appeal, stage="before")])
    workflow.complete(
        appeal, actor=worker, source=Source.WEB, answer="Яму заделали", photos=[photo_for(appeal, stage="after")]
    )
    workflow.confirm(appeal, actor=appeal.applicant, source=Source.WEB, rating=5, comment="Быстро и аккуратно")
    base = timezone.now() - timedelta(days=3)
    return move(appeal, created_at=base, done_at=base + 4 * HOUR, deadline=base + 24 * HOUR)


# --- access


@pytest.mark.parametrize("url", [PANEL, LEAGUE, "/en/akimat/appeals/ABC-123/"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, city, url):
    response = client.get(url)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [User.Role.CITIZEN, User.Role.OPERATOR, User.Role.EXECUTOR, User.Role.ORG_MANAGER])
def test_other_roles_are_refused(client, city, role):
    appeal = submitted_appeal()
    client.force_login(staff(role, organisation=organisation()) if role != User.Role.CITIZEN else appeal.applicant)

    for url in (PANEL, LEAGUE, detail_url(appeal)):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [User.Role.AKIMAT, User.Role.ADMIN])
def test_akimat_and_administrators_open_the_panel(client, city, role):
    appeal = submitted_appeal()
    client.force_login(staff(role))

    for url in (PANEL, LEAGUE, detail_url(appeal)):
        assert client.get(url).status_code == 200


def test_an_appeal_outside_the_scope_is_not_found(client, official):
    almaty = submitted_appeal(point=MEDEU)

    assert client.get(detail_url(almaty)).status_code == 404
    assert almaty.number not in client.get(PANEL).content.decode()


# --- the list


def test_the_list_shows_rows_and_the_count_of_each_tab(client, official):
    overdue = move(assigned_appeal(), deadline=timezone.now() - HOUR)
    submitted_appeal()
    finished_appeal()

    page = client.get(PANEL).content.decode()

    assert f'href="{detail_url(overdue)}"' in page
    assert "Overdue" in page and "roads kk" not in page  # names follow the page's language
    assert "roads en" in page
    assert "3 appeals found." in page
    tabs = client.get(PANEL).context["tabs"]
    assert [(key, number) for key, _label, number in tabs] == [("all", 3), ("done", 1), ("not_done", 2), ("overdue", 1)]


def test_a_tab_keeps_the_other_filters(client, official):
    submitted_appeal(category="lighting")
    move(assigned_appeal(category="lighting"), deadline=timezone.now() - HOUR)
    move(assigned_appeal(category="pothole"), deadline=timezone.now() - HOUR)
    lighting = Category.objects.get(code="lighting").pk

    response = client.get(PANEL, {"category": lighting, "state": "overdue"})

    assert [appeal.category_id for appeal in response.context["page"].object_list] == [lighting]
    assert f"?category={lighting}&amp;state=all" in response.content.decode()


def test_an_invalid_filter_is_reported_and_ignored(client, official):
    submitted_appeal()
    tomorrow, yesterday = (timezone.localdate() + timedelta(days=days) for days in (1, -1))
    reversed_period = {"date_from": tomorrow.isoformat(), "date_to": yesterday.isoformat()}

    response = client.get(PANEL, {"category": "99999", **reversed_period})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"category", "date_to"}
    assert response.context["found"] == 0  # the valid start of the period still applies
    assert client.get(PANEL, {"category": "99999"}).context["found"] == 1  # a bad category filters nothing


def test_the_list_is_paginated_by_25(client, official):
    for _number in range(27):
        submitted_appeal()

    first, second = client.get(PANEL), client.get(PANEL, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
    assert "?page=2" in first.content.decode()


@pytest.mark.parametrize("appeals", [3, 30])
def test_the_list_takes_a_fixed_number_of_queries(client, official, django_assert_max_num_queries, appeals):
    for number in range(appeals):
        if number % 3:
            submitted_appeal()
        else:
            assigned_appeal(org=organisation(f"org-{number}"))

    with django_assert_max_num_queries(13):
        response = client.get(PANEL)

    assert response.status_code == 200


# --- the detail


def test_the_detail_tells_who_did_it_how_long_it_took_and_the_history(client, official):
    appeal = finished_appeal()

    page = client.get(detail_url(appeal)).content.decode()

    assert "Aida" in page and "roads en" in page
    assert "4 hours" in page and "on time" in page
    assert "Before work" in page and "After work" in page and "Resident&#x27;s photo" in page
    assert "Rating: 5 of 5" in page and "Быстро и аккуратно" in page
    assert "Work completed" in page and "Confirmed by the resident" in page
    assert "+7 701 555 0011" in page  # staff who oversee the territory see the contact phone…
    assert appeal.applicant.email not in page  # …never the e-mail


def test_the_detail_of_an_appeal_done_late(client, official):
    appeal = finished_appeal()
    move(appeal, done_at=appeal.created_at + timedelta(hours=30))

    page = client.get(detail_url(appeal)).content.decode()

    assert "1 day 6 hours" in page and "late" in page


def test_the_detail_takes_a_fixed_number_of_queries(client, official, django_assert_max_num_queries):
    appeal = finished_appeal()

    with django_assert_max_num_queries(10):
        response = client.get(detail_url(appeal))

    assert response.status_code == 200


def test_the_detail_accepts_a_number_typed_loosely(client, official):
    appeal = submitted_appeal()

    assert client.get(f"/en/akimat/appeals/{appeal.number.replace('-', '').lower()}/").status_code == 200


# --- the league


def test_the_league_page_shows_both_tables(client, official, django_assert_max_num_queries):
    league_data_set()

    with django_assert_max_num_queries(13):
        response = client.get(LEAGUE)

    page = response.content.decode()
    assert page.index("roads en") < page.index("lighting en")
    assert "67%" in page and "4.0" in page and "4 hours" in page and "1 day 6 hours" in page
    assert "Aida" in page and "Bolat" in page and "Dana" in page


def test_the_league_period_filter(client, official):
    league_data_set()
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.get(LEAGUE, {"date_from": tomorrow.isoformat()})

    assert response.context["league"].organisations == []
    assert "Nothing in this period." in response.content.decode()


# --- languages


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Сіздің аумақтарыңыздың өтініштері"),
        ("ru", "Обращения ваших территорий"),
        ("en", "Appeals of your territories"),
    ],
)
def test_the_pages_render_in_each_language(client, official, language, heading):
    appeal = finished_appeal()

    panel = client.get(f"/{language}/akimat/")
    assert panel.status_code == 200 and f'lang="{language}"' in panel.content.decode()
    assert heading in panel.content.decode()
    assert client.get(f"/{language}/akimat/league/").status_code == 200
    assert client.get(detail_url(appeal, language)).status_code == 200


def test_an_unknown_user_number_is_not_found(client, official):
    assert client.get("/en/akimat/appeals/XXX-000/").status_code == 404


def test_a_deactivated_official_is_refused(client, city):
    user = UserFactory(role=User.Role.AKIMAT, is_active=False)
    client.force_login(user)

    assert client.get(PANEL).status_code == 302  # an inactive account is not signed in
