from django.db.models import Count, Sum

from qala.accounts.models import User

from .models import PointsEntry


def points_total(user) -> int:
    return PointsEntry.objects.filter(user=user).aggregate(total=Sum("points"))["total"] or 0


def points_ledger(user):
    return PointsEntry.objects.filter(user=user).select_related("appeal")


def leaderboard(limit: int = 20) -> list[dict]:
    """The city's top residents by points: the public name only, never a contact."""
    rows = (
        PointsEntry.objects.filter(user__is_active=True)
        .values("user_id")
        .annotate(total=Sum("points"), appeals=Count("appeal", distinct=True))
        .order_by("-total", "user_id")[:limit]
    )
    users = User.objects.in_bulk([row["user_id"] for row in rows])
    return [
        {"rank": rank, "name": users[row["user_id"]].public_name, "points": row["total"], "appeals": row["appeals"]}
        for rank, row in enumerate(rows, start=1)
    ]
