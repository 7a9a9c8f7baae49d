from django.contrib import admin
from django.utils.translation import ngettext

from . import closures
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

    def save_formset(self, request, form, formset, change):
        """A closed day added or removed here also closes or reopens the day's slots and bookings."""
        if formset.model is not CentreClosure:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        centre = form.instance
        for closure in formset.deleted_objects:
            closures.centre_reopen(centre, closure.date)
        for closure, _fields in formset.changed_objects:  # a date moved: reopen the old day, close the new one
            old = next(f.initial["date"] for f in formset.forms if f.instance.pk == closure.pk)
            closures.centre_reopen(centre, old)
            self._close(request, centre, closure.date)
        for closure in formset.new_objects:
            self._close(request, centre, closure.date)

    def _close(self, request, centre, day):
        cancelled = closures.centre_close(centre, day)
        if cancelled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d booking on %(day)s was cancelled and its holder told.",
                    "%(count)d bookings on %(day)s were cancelled and their holders told.",
                    cancelled,
                )
                % {"count": cancelled, "day": day.strftime("%d.%m.%Y")},
            )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "group", "minutes", "needs_seller")
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
