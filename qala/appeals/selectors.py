"""Read functions for appeals. Every channel reads through these, so visibility is decided once."""

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.selectors import territory_scope
from qala.territory.selectors import territory_ids_under

from .models import Appeal, Event, Photo

Role = User.Role


def appeals_visible_to(user) -> "QuerySet[Appeal]":  # noqa: F821
    """Appeals whose full record (personal data included) this user may see."""
    appeals = Appeal.objects.all()
    if not user.is_authenticated or not user.is_active:
        return appeals.none()
    if user.role == Role.ADMIN or user.is_superuser:
        return appeals
    if user.role in (Role.EXECUTOR, Role.ORG_MANAGER):
        return appeals.filter(organisation_id=user.organisation_id) if user.organisation_id else appeals.none()
    if user.role in (Role.OPERATOR, Role.AKIMAT):
        return appeals.filter(territory_id__in=territory_scope(user))
    return appeals.filter(applicant=user)


def appeals_public():
    """Appeals anyone may see, without personal data: everything but the rejected."""
    return Appeal.objects.exclude(status=Appeal.Status.REJECTED)


def _with_details(queryset):
    return (
        queryset.defer("territory__boundary", "territory__parent__boundary")
        .select_related("category", "territory__parent", "organisation", "merged_into", "deputy")
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("created_at", "pk")),
            Prefetch("events", queryset=Event.objects.order_by("created_at", "pk")),
            "attachments",
        )
    )


def appeals_of_applicant(user):
    """A resident's own appeals, newest first, with what the list shows."""
    return _with_details(Appeal.objects.filter(applicant=user).order_by("-created_at", "-pk"))


def appeal_get_for(user, number: str) -> tuple[Appeal, bool]:
    """The appeal and whether `user` may see its personal data. Raises Appeal.DoesNotExist."""
    appeal = _with_details(Appeal.objects.all()).get(number=number)
    full = appeals_visible_to(user).filter(pk=appeal.pk).exists()
    if appeal.status == Appeal.Status.REJECTED and not full:
        raise Appeal.DoesNotExist
    return appeal, full


def map_markers(*, bbox=None, categories=(), statuses=(), limit: int):
    """Public markers inside a bounding box (south, west, north, east), newest first, at most `limit`."""
    appeals = appeals_public()
    if bbox:
        south, west, north, east = bbox
        appeals = appeals.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    if categories:
        appeals = appeals.filter(category__code__in=categories)
    if statuses:
        appeals = appeals.filter(status__in=statuses)
    rows = list(
        appeals.order_by("-created_at").values(
            "pk", "number", "status", "latitude", "longitude", "created_at", "category_id"
        )[: limit + 1]
    )
    truncated = len(rows) > limit
    rows = rows[:limit]
    thumbs = dict(
        Photo.objects.filter(appeal_id__in=[r["pk"] for r in rows], stage=Photo.Stage.REPORT)
        .order_by("appeal_id", "-created_at")
        .values_list("appeal_id", "thumbnail")
    )
    return rows, thumbs, truncated


def appeal_figures_this_month(now: datetime | None = None) -> dict:
    now = timezone.localtime(now or timezone.now())
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return {
        "received": Appeal.objects.filter(created_at__gte=month_start).count(),
        "done": Event.objects.filter(kind=Event.Kind.COMPLETED, created_at__gte=month_start)
        .values("appeal_id")
        .distinct()
        .count(),
    }


# --- staff


def _overdue_first(queryset, now):
    return queryset.annotate(
        overdue_rank=Case(When(deadline__lt=now, then=Value(0)), default=Value(1), output_field=IntegerField())
    )


def operator_queue(user, *, territory=None, category=None, channel=None, older_than_hours=None, now=None):
    """New and returned appeals in the operator's scope: overdue ones first, then the oldest."""
    now = now or timezone.now()
    appeals = appeals_visible_to(user).filter(status=Appeal.Status.NEW)
    if territory is not None:
        appeals = appeals.filter(territory_id__in=territory_ids_under([territory.pk]))
    if category is not None:
        appeals = appeals.filter(category=category)
    if channel:
        appeals = appeals.filter(source=channel)
    if older_than_hours:
        appeals = appeals.filter(created_at__lte=now - timedelta(hours=older_than_hours))
    returned = Event.objects.filter(appeal=OuterRef("pk"), kind=Event.Kind.RETURNED)
    return (
        _overdue_first(appeals, now)
        .annotate(was_returned=Exists(returned))
        .select_related("category", "territory__parent")
        .defer("territory__boundary", "territory__parent__boundary")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.filter(stage=Photo.Stage.REPORT)))
        .order_by("overdue_rank", "created_at", "pk")
    )


def queue_counts(queue) -> dict:
    return queue.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(overdue_rank=0)),
        returned=Count("pk", filter=Q(was_returned=True)),
    )


def nearby_duplicates(appeal, *, radius_m=None, limit=10) -> list[Appeal]:
    """Open appeals of the same category within `radius_m` metres: possible duplicates."""
    radius_m = radius_m or settings.QALA_DUPLICATE_RADIUS_M
    lat, lon = float(appeal.latitude), float(appeal.longitude)
    dlat = radius_m / 111_320
    dlon = radius_m / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    candidates = (
        Appeal.objects.filter(
            category_id=appeal.category_id,
            status__in=Appeal.OPEN,
            latitude__range=(lat - dlat, lat + dlat),
            longitude__range=(lon - dlon, lon + dlon),
        )
        .exclude(pk=appeal.pk)
        .select_related("category")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.filter(stage=Photo.Stage.REPORT)))
    )
    near = [(distance_m(lat, lon, float(c.latitude), float(c.longitude)), c) for c in candidates]
    found = sorted((pair for pair in near if pair[0] <= radius_m), key=lambda pair: pair[0])[:limit]
    for metres, candidate in found:
        candidate.distance_m = round(metres)
    return [candidate for _metres, candidate in found]


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def executor_tasks(user, *, whole_organisation=False, now=None):
    """Assigned and in-progress work of the user's organisation (or only the user's), by deadline."""
    now = now or timezone.now()
    tasks = appeals_visible_to(user).filter(status__in=(Appeal.Status.ASSIGNED, Appeal.Status.IN_PROGRESS))
    if not whole_organisation:
        tasks = tasks.filter(Q(executor=user) | Q(executor__isnull=True))
    return (
        _overdue_first(tasks, now)
        .select_related("category", "territory__parent", "executor")
        .defer("territory__boundary", "territory__parent__boundary")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.filter(stage=Photo.Stage.REPORT)))
        .order_by("deadline", "pk")
    )


def extension_requests_open(appeal):
    return appeal.events.filter(kind=Event.Kind.EXTENSION_REQUESTED, answered_by__isnull=True).select_related("actor")


def appeal_for_staff(user, number: str) -> Appeal:
    """An appeal in the staff user's scope, with what its page shows. Raises Appeal.DoesNotExist."""
    return _with_details(appeals_visible_to(user).select_related("executor", "applicant", "merged_into")).get(
        number=number
    )
