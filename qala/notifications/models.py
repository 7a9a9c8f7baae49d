from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "inapp", _("in Qala")
    EMAIL = "email", _("e-mail")
    TELEGRAM = "telegram", _("Telegram")


class Notification(models.Model):
    """The outbox: one message for one recipient on one channel, written with the change that causes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=40)
    appeal = models.ForeignKey("appeals.Appeal", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Dates and decimals in the context are stored as ISO strings and parsed back when the message is rendered.
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Idempotency: the same cause never produces a second message for the same recipient and channel.
    key = models.CharField(max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox_idx"),
            models.Index(fields=["recipient", "channel", "-created_at"], name="notification_list_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id} ({self.channel})"


class Preference(models.Model):
    """A user's choice for one channel; without a row a channel is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="preference_once_per_channel")]

    def __str__(self):
        return f"{self.user_id} {self.channel}: {self.enabled}"
