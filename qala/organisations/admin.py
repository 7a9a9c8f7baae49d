from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "name_ru", "name_en", "kind", "phone")
    list_filter = ("kind",)
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    filter_horizontal = ("territories",)
