"""Read functions for appeals. Every channel reads through these, so visibility is decided once."""

from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.selectors import territory_scope
from qala.common.errors import NotAllowed

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
    return queryset.select_related("category", "territory__parent", "organisation").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("created_at", "pk")),
        Prefetch("events", queryset=Event.objects.order_by("created_at", "pk")),
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


def appeal_require_visible(user, appeal) -> None:
    if not appeals_visible_to(user).filter(pk=appeal.pk).exists():
        raise NotAllowed()


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
