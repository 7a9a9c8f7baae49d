from django.contrib import admin

from .models import Organisation, RoutingRule


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "name_ru", "name_en", "kind", "phone")
    list_filter = ("kind",)
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    filter_horizontal = ("territories",)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "territory", "organisation")
    list_filter = ("organisation", "category")
    list_select_related = ("category", "territory", "organisation")
    autocomplete_fields = ("territory",)
