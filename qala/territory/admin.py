from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qala.common.errors import Invalid

from . import services
from .models import Territory

MAX_UPLOAD = 20 * 1024 * 1024


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_(
            "A FeatureCollection of Polygon or MultiPolygon features; each feature names its territory "
            "in properties.code (e.g. KZ-71-yesil) or properties.iso_code (e.g. KZ-71)."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the polygons come from. Features with their own properties.source keep it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error

    def source_or_default(self):
        return self.cleaned_data["source"].strip() or self.files["file"].name


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kk", "name_ru", "name_en", "kind", "parent", "has_boundary")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("code", "iso_code", "name_kk", "name_ru", "name_en")
    ordering = ("code",)
    autocomplete_fields = ("parent",)
    exclude = ("boundary",)
    readonly_fields = ("boundary_summary", "boundary_source", "created_at", "updated_at")
    change_list_template = "admin/territory/territory/change_list.html"

    def get_queryset(self, request):
        has_boundary = ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField())
        return super().get_queryset(request).defer("boundary").annotate(boundary_loaded=has_boundary)

    @admin.display(boolean=True, description=_("boundary"), ordering="boundary_loaded")
    def has_boundary(self, territory):
        return territory.boundary_loaded

    @admin.display(description=_("boundary"))
    def boundary_summary(self, territory):
        if not territory.boundary:
            return _("none: points are routed to the nearest centre")
        polygons = territory.boundary.get("coordinates", [])
        count = len(polygons) if territory.boundary.get("type") == "MultiPolygon" else 1
        return ngettext("%(count)d polygon", "%(count)d polygons", count) % {"count": count}

    def get_urls(self):
        load = self.admin_site.admin_view(self.load_boundaries_view)
        return [path("load-boundaries/", load, name="territory_territory_load_boundaries"), *super().get_urls()]

    def load_boundaries_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = BoundaryUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                count = services.boundaries_load(form.cleaned_data["file"], source=form.source_or_default())
            except Invalid as error:
                form.add_error(None, error.message)
            else:
                message = ngettext("Loaded %(count)d boundary.", "Loaded %(count)d boundaries.", count)
                self.message_user(request, message % {"count": count}, messages.SUCCESS)
                return redirect("admin:territory_territory_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load boundaries from GeoJSON"),
            "form": form,
        }
        return TemplateResponse(request, "admin/territory/territory/load_boundaries.html", context)
