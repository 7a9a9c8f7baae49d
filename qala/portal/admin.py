from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DirectoryEntry, Guide, GuideTranslation, Status


class GuideTranslationInline(admin.StackedInline):
    model = GuideTranslation
    extra = 0
    max_num = 3


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    """Staff edit guides in three languages; a draft stays hidden until it is published."""

    list_display = ("slug", "section", "theme", "status", "languages", "updated_at")
    list_filter = ("status", "section", "theme")
    search_fields = ("slug", "translations__title")
    filter_horizontal = ("places",)
    inlines = [GuideTranslationInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    @admin.display(description="kk / ru / en")
    def languages(self, guide):
        present = {t.language for t in guide.translations.all()}
        return " ".join(code if code in present else "—" for code in ("kk", "ru", "en"))

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        queryset.update(status=Status.PUBLISHED, updated_at=timezone.now())

    @admin.action(description=_("Return to draft"))
    def unpublish(self, request, queryset):
        queryset.update(status=Status.DRAFT, updated_at=timezone.now())


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin):
    list_display = ("name_ru", "kind", "territory", "status", "is_demo", "updated_at")
    list_filter = ("status", "kind", "territory", "is_demo")
    search_fields = ("code", "name_kk", "name_ru", "name_en", "address_ru")
    list_select_related = ("territory",)
    raw_id_fields = ("organisation",)
