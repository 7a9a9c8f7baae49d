from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by `notify` and by the worker, never by hand."""

    list_display = ["created_at", "recipient", "channel", "kind", "appeal", "status", "attempts", "sent_at", "read_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["key", "recipient__email", "appeal__number"]
    list_select_related = ["recipient", "appeal"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channel", "enabled"]
    list_filter = ["channel", "enabled"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
