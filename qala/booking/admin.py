from django.contrib import admin

from .models import Booking, Centre, CentreClosure, Service, Slot, Vehicle, Window


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0


class ClosureInline(admin.TabularInline):
    model = CentreClosure
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "kind", "territory")
    list_filter = ("kind",)
    inlines = [WindowInline, ClosureInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "group", "needs_seller")
    list_filter = ("group",)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("centre", "group", "start_at", "capacity")
    list_filter = ("centre", "group", "local_date")


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("code", "local_date", "slot", "service", "status")
    list_filter = ("status", "centre_kind")
    search_fields = ("code",)
    raw_id_fields = ("user", "slot", "vehicle")


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ("plate", "vin")
    search_fields = ("plate", "vin")
