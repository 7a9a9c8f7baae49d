from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from qala.accounts.models import User
from qala.analytics import selectors
from qala.appeals import workflow
from qala.appeals.models import Category, Event, Source
from qala.appeals.tests.factories import (
    assigned_appeal,
    done_appeal,
    organisation,
    staff,
    submitted_appeal,
)
from qala.territory.models import Territory

from .factories import (
    HOUR,
    MEDEU,
    SARYARKA,
    YESIL,
    akimat,
    executor,
    league_data_set,
    move,
    move_events,
    phone_appeal,
)

pytestmark = pytest.mark.django_db

ALMATY_TZ = timezone.get_default_timezone()


def numbers(appeals):
    return {appeal.number for appeal in appeals}


# --- the league table on a known data set


def test_league_table_of_organisations_on_a_known_data_set(city):
    data = league_data_set()

    with translation.override("en"):
        roads, lighting = selectors.league_table(akimat()).organisations

    assert (roads.pk, roads.name) == (data.roads.pk, "roads en")
    assert (roads.assigned, roads.done, roads.done_on_time) == (4, 3, 2)
    assert roads.on_time_share == pytest.approx(2 / 3)
    assert roads.median_to_done == 4 * HOUR
    assert roads.average_rating == 4.0
    assert roads.disputes == 1
    assert (lighting.pk, lighting.assigned, lighting.done, lighting.disputes) == (data.lighting.pk, 1, 0, 0)
    assert (lighting.on_time_share, lighting.median_to_done, lighting.average_rating) == (None, None, None)


def test_league_table_of_executors_on_a_known_data_set(city):
    data = league_data_set()

    with translation.override("en"):
        aida, bolat, dana = selectors.league_table(akimat()).executors

    assert (aida.pk, aida.name, aida.organisation) == (data.aida.pk, "Aida", "roads en")
    assert (aida.assigned, aida.done, aida.on_time_share, aida.median_to_done) == (2, 2, 1.0, 3 * HOUR)
    assert (aida.average_rating, aida.disputes) == (4.0, 0)
    assert (bolat.pk, bolat.assigned, bolat.done, bolat.on_time_share) == (data.bolat.pk, 2, 1, 0.0)
    assert (bolat.median_to_done, bolat.average_rating, bolat.disputes) == (30 * HOUR, None, 1)
    assert (dana.pk, dana.assigned, dana.done, dana.on_time_share) == (data.dana.pk, 1, 0, None)


def test_league_ranks_by_share_on_time_then_by_done(city):
    roads, lighting, parks = organisation("roads"), organisation("lighting"), organisation("parks")
    base = timezone.now() - timedelta(days=5)
    for org, deadline in [(roads, 2 * HOUR), (lighting, 2 * HOUR), (lighting, 2 * HOUR), (parks, HOUR / 2)]:
        appeal = done_appeal(executor=executor(org, org.code))
        move(appeal, created_at=base, done_at=base + HOUR, deadline=base + deadline)

    table = selectors.league_table(akimat()).organisations

    assert [row.pk for row in table] == [lighting.pk, roads.pk, parks.pk]  # 100 % ×2, 100 % ×1, 0 %


def test_league_period_counts_what_reached_an_organisation_in_it(city):
    data = league_data_set()
    long_ago = timezone.now() - timedelta(days=60)
    a5 = data.appeals[4]
    move_events(a5, long_ago, kinds=[Event.Kind.ASSIGNED])
    last_month = (timezone.localdate() - timedelta(days=30), timezone.localdate())

    table = selectors.league_table(akimat(), period=last_month)

    assert [row.pk for row in table.organisations] == [data.roads.pk]
    assert [row.pk for row in table.executors] == [data.aida.pk, data.bolat.pk]


def test_league_period_counts_disputes_made_in_it(city):
    data = league_data_set()
    Event.objects.filter(kind=Event.Kind.DISPUTED).update(created_at=timezone.now() - timedelta(days=60))
    last_month = (timezone.localdate() - timedelta(days=30), None)

    roads = selectors.league_table(akimat(), period=last_month).organisations[0]

    assert (roads.pk, roads.assigned, roads.disputes) == (data.roads.pk, 4, 0)


def test_league_sees_only_the_users_territories(city):
    league_data_set()

    table = selectors.league_table(akimat("KZ-75"))

    assert table.organisations == [] and table.executors == []


@pytest.mark.parametrize("more", [0, 4])
def test_league_query_count_does_not_grow_with_organisations(city, django_assert_max_num_queries, more):
    user = akimat()
    league_data_set()
    for number in range(more):
        done_appeal(executor=executor(organisation(f"org-{number}"), f"Executor {number}"))

    # The user's scope (three levels of territories), two aggregates, durations, disputes, two name lists.
    with django_assert_max_num_queries(9):
        table = selectors.league_table(user)

    assert (len(table.organisations), len(table.executors)) == (2 + more, 3 + more)


# --- the list of appeals: filters


def test_states_split_done_not_done_and_overdue(city):
    user = akimat()
    new = submitted_appeal()
    overdue = move(assigned_appeal(), deadline=timezone.now() - HOUR)
    done = move(done_appeal(), deadline=timezone.now() - HOUR)  # done late is not overdue
    closed = done_appeal()
    workflow.confirm(closed, actor=closed.applicant, source=Source.WEB, rating=4)
    rejected = submitted_appeal()
    workflow.reject(rejected, actor=staff(User.Role.OPERATOR), source=Source.OPERATOR, reason_code="spam")

    def state(name):
        return numbers(selectors.panel_appeals(user, state=name))

    assert state("all") == numbers([new, overdue, done, closed, rejected])
    assert state("done") == numbers([done, closed])
    assert state("not_done") == numbers([new, overdue])
    assert state("overdue") == numbers([overdue])
    assert selectors.panel_counts(user) == {"all": 5, "done": 2, "not_done": 2, "overdue": 1}


def test_newest_first(city):
    user = akimat()
    older, newer = submitted_appeal(), submitted_appeal()
    move(older, created_at=timezone.now() - timedelta(days=2))

    assert [a.number for a in selectors.panel_appeals(user)] == [newer.number, older.number]


def test_category_filter(city):
    user = akimat()
    pothole, lighting = submitted_appeal(category="pothole"), submitted_appeal(category="lighting")
    category = Category.objects.get(code="lighting")

    assert numbers(selectors.panel_appeals(user, category=category)) == {lighting.number}
    assert selectors.panel_counts(user, category=category)["all"] == 1
    assert pothole.number in numbers(selectors.panel_appeals(user))


def test_district_filter_includes_the_territories_inside_it(city):
    user = akimat()
    yesil, saryarka = submitted_appeal(point=YESIL), submitted_appeal(point=SARYARKA)
    astana = Territory.objects.get(code="KZ-71")
    yesil_district = Territory.objects.get(code="KZ-71-yesil")

    assert yesil.territory == yesil_district
    assert numbers(selectors.panel_appeals(user, district=astana.pk)) == {yesil.number, saryarka.number}
    assert numbers(selectors.panel_appeals(user, district=yesil_district.pk)) == {yesil.number}
    assert selectors.panel_counts(user, district=yesil_district.pk)["all"] == 1


def test_organisation_filter(city):
    user = akimat()
    roads = assigned_appeal(org=organisation("roads"))
    assigned_appeal(org=organisation("lighting"))
    submitted_appeal()

    assert numbers(selectors.panel_appeals(user, organisation=roads.organisation)) == {roads.number}


def test_channel_filter(city):
    user = akimat()
    by_phone = phone_appeal()
    submitted_appeal()

    assert numbers(selectors.panel_appeals(user, channel=Source.PHONE)) == {by_phone.number}
    assert selectors.panel_counts(user, channel=Source.WEB)["all"] == 1


def test_period_counts_whole_almaty_days(city):
    user = akimat()
    # 1 March, 00:30 in Almaty is still 28 February in UTC.
    early = move(submitted_appeal(), created_at=datetime(2025, 3, 1, 0, 30, tzinfo=ALMATY_TZ))
    late = move(submitted_appeal(), created_at=datetime(2025, 3, 2, 23, 59, tzinfo=ALMATY_TZ))
    before = move(submitted_appeal(), created_at=datetime(2025, 2, 28, 23, 59, tzinfo=ALMATY_TZ))
    after = move(submitted_appeal(), created_at=datetime(2025, 3, 3, 0, 0, tzinfo=ALMATY_TZ))

    march_1_2 = (date(2025, 3, 1), date(2025, 3, 2))
    assert numbers(selectors.panel_appeals(user, period=march_1_2)) == {early.number, late.number}
    assert numbers(selectors.panel_appeals(user, period=(None, date(2025, 2, 28)))) == {before.number}
    assert numbers(selectors.panel_appeals(user, period=(date(2025, 3, 3), date(2025, 3, 3)))) == {after.number}


def test_filters_combine(city):
    user = akimat()
    target = move(phone_appeal(category="lighting"), created_at=timezone.now() - timedelta(days=3))
    phone_appeal(category="pothole")
    submitted_appeal(category="lighting")

    found = selectors.panel_appeals(
        user,
        category=Category.objects.get(code="lighting"),
        channel=Source.PHONE,
        period=(timezone.localdate() - timedelta(days=4), timezone.localdate() - timedelta(days=2)),
        state="not_done",
    )

    assert numbers(found) == {target.number}


# --- scope


def test_an_akimat_user_of_almaty_sees_none_of_astanas_appeals(city):
    astana = submitted_appeal(point=YESIL)
    almaty = submitted_appeal(point=MEDEU)
    almaty_user, astana_user = akimat("KZ-75"), akimat("KZ-71")

    assert numbers(selectors.panel_appeals(almaty_user)) == {almaty.number}
    assert numbers(selectors.panel_appeals(astana_user)) == {astana.number}
    assert selectors.panel_counts(almaty_user)["all"] == 1
    # A district outside the scope adds nothing.
    yesil = Territory.objects.get(code="KZ-71-yesil")
    assert list(selectors.panel_appeals(almaty_user, district=yesil.pk)) == []


def test_an_administrator_sees_every_territory(city):
    submitted_appeal(point=YESIL), submitted_appeal(point=MEDEU)
    admin = staff(User.Role.ADMIN, territory=None)

    assert selectors.panel_counts(admin)["all"] == 2
    assert len(selectors.district_choices(admin)) == Territory.objects.count()


def test_district_choices_are_the_users_territories(city):
    with translation.override("en"):
        choices = dict(selectors.district_choices(akimat("KZ-75")))

    assert set(choices) == set(Territory.objects.filter(code__startswith="KZ-75").values_list("pk", flat=True))
    assert "Almaty / Medeu district" in choices.values()


def test_the_detail_is_found_only_in_scope(city):
    appeal = submitted_appeal(point=YESIL)

    assert selectors.panel_appeal(akimat("KZ-71"), appeal.number) == appeal
    with pytest.raises(type(appeal).DoesNotExist):
        selectors.panel_appeal(akimat("KZ-75"), appeal.number)
