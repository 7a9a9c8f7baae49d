"""Points: a ledger of awards, each given once per resident, appeal and reason."""

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import PointsEntry


def award(user, *, appeal, reason: PointsEntry.Reason) -> PointsEntry | None:
    """Give `user` the points for `reason` on `appeal`, once; staff and missing users get none."""
    if user is None or not user.is_resident:
        return None
    points = settings.QALA_POINTS[reason]
    try:
        with transaction.atomic():
            return PointsEntry.objects.create(user=user, appeal=appeal, reason=reason, points=points)
    except IntegrityError:
        return None  # already awarded, e.g. an appeal assigned again after a dispute
