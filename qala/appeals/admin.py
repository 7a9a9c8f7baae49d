from django.contrib import admin

from qala.common.admin import ReadOnlyAdmin

from .models import Appeal, Applicant, Attachment, CalendarDay, Category, Event, Photo


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "icon", "name_kk", "name_ru", "name_en", "deadline_days", "accepts_reports", "position")
    list_editable = ("deadline_days", "accepts_reports", "position")
    search_fields = ("code", "name_kk", "name_ru", "name_en")


class PhotoInline(admin.TabularInline):
    model = Photo
    fields = ("stage", "image", "width", "height", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


class ApplicantInline(admin.StackedInline):
    model = Applicant
    extra = 0
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("stage", "name", "content_type", "size", "file")
    readonly_fields = fields
    extra = 0
    can_delete = False


class EventInline(admin.TabularInline):
    """History is append-only: shown, never edited."""

    model = Event
    fields = ("created_at", "kind", "from_status", "to_status", "actor", "source", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "status", "category", "territory", "organisation", "deadline", "created_at")
    list_filter = ("status", "kind", "source", "category")
    search_fields = ("number", "description", "address")
    list_select_related = ("category", "territory", "organisation")
    raw_id_fields = ("applicant", "executor", "merged_into")  # a select of every appeal would load them all
    readonly_fields = ("number", "status", "source", "created_at", "updated_at", "rating")
    inlines = [ApplicantInline, PhotoInline, AttachmentInline, EventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("territory__boundary")

    def has_add_permission(self, request):
        return False  # appeals are created through the workflow, by a resident or an operator


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "appeal", "kind", "from_status", "to_status", "actor", "source")
    list_filter = ("kind", "source")
    search_fields = ("appeal__number",)
    list_select_related = ("appeal", "actor")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working", "note")
