from django.contrib import admin

from .models import Deputy, Organisation, RoutingRule


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


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("name_ru", "name_kk", "territory", "constituency", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_kk", "name_ru", "name_en", "constituency")
