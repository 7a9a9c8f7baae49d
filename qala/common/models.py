from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Checkpoint(models.Model):
    """Where a periodic job stopped last time, so the next run looks only at what came after."""

    name = models.CharField(max_length=60, unique=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M}"
