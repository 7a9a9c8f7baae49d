from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("email", "first_name", "last_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("email", "first_name", "last_name", "phone")
    ordering = ("email",)
    filter_horizontal = ("territories", "groups", "user_permissions")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Qala"), {"fields": ("role", "display_name", "phone", "language", "organisation", "territories")}),
    )
