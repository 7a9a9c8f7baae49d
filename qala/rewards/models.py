from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PointsEntry(models.Model):
    """One award in a resident's points ledger; the total is the sum."""

    class Reason(models.TextChoices):
        ACCEPTED = "accepted", _("appeal accepted")
        CONFIRMED = "confirmed", _("fix confirmed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points")
    appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE, related_name="points")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    points = models.IntegerField(_("points"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "appeal", "reason"], name="points_once_per_reason"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.points:+d} ({self.reason})"
