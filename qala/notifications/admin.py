from django.contrib import admin

from qala.common.admin import ReadOnlyAdmin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Read-only: the outbox is written by `notify` and by the worker, never by hand."""

    list_display = ["created_at", "recipient", "channel", "kind", "appeal", "status", "attempts", "sent_at", "read_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["key", "recipient__email", "appeal__number"]
    list_select_related = ["recipient", "appeal"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channel", "enabled"]
    list_filter = ["channel", "enabled"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
