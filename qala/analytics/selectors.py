"""Reads for the akimat panel: the appeals of the user's territories, their counts, and the league tables.

Scope always comes from `appeals_visible_to(user)`; nothing here recomputes which appeals a user may see.
A period is a pair of dates (either may be None), both inclusive, counted in Asia/Almaty days.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Avg, Count, F, Prefetch, Q
from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.selectors import territory_scope
from qala.appeals.models import Appeal, Event, Photo
from qala.appeals.selectors import appeals_visible_to
from qala.common.i18n import localized
from qala.organisations.models import Organisation
from qala.territory.models import Territory
from qala.territory.selectors import name_sort_key, territory_ids_under

Period = tuple[date | None, date | None]
STATES = ("all", "done", "not_done", "overdue")
DONE = (Appeal.Status.DONE, Appeal.Status.CLOSED)
# An appeal reaches an organisation when it is assigned or reassigned to it.
REACHED = (Event.Kind.ASSIGNED, Event.Kind.REASSIGNED)


# --- periods


def period_bounds(period: Period | None) -> tuple[datetime | None, datetime | None]:
    """Inclusive local days → the half-open range [start, end) of aware datetimes."""
    date_from, date_to = period or (None, None)
    zone = timezone.get_default_timezone()  # Asia/Almaty (settings.TIME_ZONE)
    start = datetime.combine(date_from, time.min, tzinfo=zone) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone) if date_to else None
    return start, end


def _in_period(field: str, period: Period | None) -> Q:
    start, end = period_bounds(period)
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{field}__lt": end})
    return condition


# --- the list of appeals


def _state_conditions(now: datetime) -> dict[str, Q]:
    return {
        "all": Q(),
        "done": Q(status__in=DONE),
        "not_done": Q(status__in=Appeal.OPEN),
        "overdue": Q(status__in=Appeal.OPEN, deadline__lt=now),
    }


def _filtered(user, *, category, district, organisation, period, channel):
    appeals = appeals_visible_to(user).filter(_in_period("created_at", period))
    if category is not None:
        appeals = appeals.filter(category=category)
    if district is not None:
        appeals = appeals.filter(territory_id__in=territory_ids_under([getattr(district, "pk", district)]))
    if organisation is not None:
        appeals = appeals.filter(organisation=organisation)
    if channel:
        appeals = appeals.filter(source=channel)
    return appeals


def panel_appeals(
    user, *, state="all", category=None, district=None, organisation=None, period=None, channel=None
) -> "QuerySet[Appeal]":  # noqa: F821
    """The appeals in the user's scope that match the filters, newest first, with what a list row shows."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}")
    appeals = _filtered(
        user, category=category, district=district, organisation=organisation, period=period, channel=channel
    )
    return (
        appeals.filter(_state_conditions(timezone.now())[state])
        .select_related("category", "territory", "organisation")
        .defer("territory__boundary")
        .order_by("-created_at", "-pk")
    )


def panel_counts(user, *, category=None, district=None, organisation=None, period=None, channel=None) -> dict:
    """How many appeals each state tab holds for the same filters, in one aggregate query."""
    appeals = _filtered(
        user, category=category, district=district, organisation=organisation, period=period, channel=channel
    )
    conditions = _state_conditions(timezone.now())
    counts = {state: Count("pk", filter=conditions[state]) for state in STATES if state != "all"}
    return appeals.aggregate(all=Count("pk"), **counts)


def panel_appeal(user, number: str) -> Appeal:
    """One appeal of the user's scope with everything the detail page shows. Raises Appeal.DoesNotExist."""
    return (
        appeals_visible_to(user)
        .select_related("category", "territory__parent", "organisation", "executor", "applicant")
        .defer("territory__boundary", "territory__parent__boundary")
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("created_at", "pk")),
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("created_at", "pk")),
        )
        .get(number=number)
    )


def district_choices(user) -> list[tuple[int, str]]:
    """The territories of the user's scope (all of them for an administrator), as `(pk, "Parent / Name")`."""
    territories = Territory.objects.select_related("parent__parent").defer(
        "boundary", "parent__boundary", "parent__parent__boundary"
    )
    if not (user.role == User.Role.ADMIN or user.is_superuser):
        territories = territories.filter(pk__in=territory_scope(user))
    paths = [(territory.pk, _path(territory)) for territory in territories]
    paths.sort(key=lambda item: [name_sort_key(name) for name in item[1]])
    return [(pk, " / ".join(names)) for pk, names in paths]


def _path(territory) -> list[str]:
    names = []
    while territory is not None:
        names.insert(0, localized(territory, "name"))
        territory = territory.parent
    return names


def organisations_in_scope(user) -> "QuerySet[Organisation]":  # noqa: F821
    """The organisations that hold appeals of the user's scope."""
    return Organisation.objects.filter(pk__in=appeals_visible_to(user).values("organisation_id"))


# --- the league tables


@dataclass
class LeagueRow:
    pk: int
    name: str = ""
    organisation: str = ""  # for an executor: the organisation they work for
    assigned: int = 0
    done: int = 0
    done_on_time: int = 0
    median_to_done: timedelta | None = None
    average_rating: float | None = None
    disputes: int = 0

    @property
    def on_time_share(self) -> float | None:
        """Of the appeals done, the share done by the deadline (0–1); None when nothing is done."""
        return self.done_on_time / self.done if self.done else None

    @property
    def on_time_percent(self) -> float | None:
        share = self.on_time_share
        return None if share is None else share * 100


@dataclass(frozen=True)
class League:
    organisations: list[LeagueRow]
    executors: list[LeagueRow]


def league_table(user, *, period: Period | None = None) -> League:
    """Per organisation and per executor: appeals that reached them in the period and how they were handled.

    A fixed number of queries whatever the number of organisations: two grouped aggregates, the done
    durations, the dispute events, and the names.
    """
    appeals = _league_appeals(user, period)
    durations = list(
        appeals.filter(status__in=DONE, done_at__isnull=False).values_list(
            "organisation_id", "executor_id", "created_at", "done_at", named=True
        )
    )
    disputes = list(
        Event.objects.filter(kind=Event.Kind.DISPUTED, appeal__in=appeals_visible_to(user))
        .filter(_in_period("created_at", period))
        .values_list("data", flat=True)
    )
    organisations = _rows(appeals, "organisation", durations, disputes)
    executors = _rows(appeals, "executor", durations, disputes)
    _name_organisations(organisations)
    _name_executors(executors)
    return League(organisations=_ranked(organisations), executors=_ranked(executors))


def _league_appeals(user, period: Period | None):
    appeals = appeals_visible_to(user).filter(organisation__isnull=False)
    if period and any(period):
        reached = Event.objects.filter(_in_period("created_at", period), kind__in=REACHED).values("appeal_id")
        appeals = appeals.filter(pk__in=reached)
    return appeals.order_by()


def _rows(appeals, field: str, durations, disputes) -> dict[int, LeagueRow]:
    key = f"{field}_id"
    figures = (
        appeals.exclude(**{f"{key}__isnull": True})
        .values(key)
        .annotate(
            assigned=Count("pk"),
            done=Count("pk", filter=Q(status__in=DONE)),
            done_on_time=Count("pk", filter=Q(status__in=DONE, done_at__lte=F("deadline"))),
            average_rating=Avg("rating", filter=Q(status=Appeal.Status.CLOSED, rating__isnull=False)),
        )
        .order_by()
    )
    rows = {}
    for figure in figures:
        rating = figure["average_rating"]
        rows[figure[key]] = LeagueRow(
            pk=figure[key],
            assigned=figure["assigned"],
            done=figure["done"],
            done_on_time=figure["done_on_time"],
            average_rating=None if rating is None else float(rating),
        )
    for pk, value in _medians(durations, key).items():
        rows[pk].median_to_done = value
    for pk, count in Counter(data.get(field) for data in disputes if data.get(field)).items():
        rows.setdefault(pk, LeagueRow(pk=pk)).disputes = count
    return rows


def _medians(durations, key: str) -> dict[int, timedelta]:
    spans = defaultdict(list)
    for row in durations:
        if getattr(row, key) is not None:
            spans[getattr(row, key)].append(row.done_at - row.created_at)
    return {pk: median(values) for pk, values in spans.items()}


def _name_organisations(rows: dict[int, LeagueRow]) -> None:
    for organisation in Organisation.objects.filter(pk__in=rows):
        rows[organisation.pk].name = localized(organisation, "name")


def _name_executors(rows: dict[int, LeagueRow]) -> None:
    for executor in User.objects.filter(pk__in=rows).select_related("organisation"):
        rows[executor.pk].name = str(executor.public_name)
        if executor.organisation is not None:
            rows[executor.pk].organisation = localized(executor.organisation, "name")


def _ranked(rows: dict[int, LeagueRow]) -> list[LeagueRow]:
    """Best first: share done on time (nothing done comes last), then appeals done, then name."""

    def rank(row: LeagueRow):
        share = row.on_time_share
        return (share is None, -(share or 0), -row.done, name_sort_key(row.name))

    return sorted(rows.values(), key=rank)
