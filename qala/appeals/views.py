from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qala.common.errors import DomainError, Invalid
from qala.common.forms import domain_call
from qala.common.i18n import localized
from qala.territory.selectors import region_choices

from . import formal, numbers, permissions, selectors, services, workflow
from .forms import ConfirmForm, DetailsForm, DisputeForm, FormalAppealForm, PlaceForm
from .models import Appeal, Category, Photo, Source

PAGE_SIZE = 10


def _photos_step(request, draft, error=None, status=200):
    return render(
        request,
        "appeals/report_photos.html",
        {
            "draft": draft,
            "photos": draft.photos.all(),
            "error": error,
            "step": 1,
            "limit": settings.QALA_PHOTOS_PER_APPEAL,
        },
        status=status,
    )


@login_required
def report(request):
    """Step 1: photos, added and removed one request at a time so none is lost."""
    draft = services.draft_for(request.user)
    if request.method != "POST":
        return _photos_step(request, draft)
    if "remove" in request.POST:
        services.draft_remove_photo(draft, request.POST["remove"])
        return redirect("appeals:report")
    uploads = request.FILES.getlist("photos")
    if uploads:
        try:
            services.draft_add_photos(draft, uploads)
        except Invalid as error:
            return _photos_step(request, draft, error.message, status=400)
        if "next" not in request.POST:
            return redirect("appeals:report")
    if not draft.photos.exists():
        return _photos_step(request, draft, _("Add at least one photo."), status=400)
    return redirect("appeals:report_place")


@login_required
def report_place(request):
    """Step 2: the point on the map, from geolocation or a region chosen from the list."""
    draft = services.draft_for(request.user)
    if not draft.photos.exists():
        return redirect("appeals:report")
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_set_place(draft, **form.cleaned_data)
            return redirect("appeals:report_details")
        except Invalid as error:
            form.add_error(None, error.message)
    context = {"draft": draft, "form": form, "step": 2, "regions": region_choices()}
    return render(request, "appeals/report_place.html", context, status=400 if form.errors else 200)


@login_required
def report_details(request):
    """Step 3: category, description, address and phone, then the appeal is created."""
    draft = services.draft_for(request.user)
    if not draft.photos.exists():
        return redirect("appeals:report")
    if not draft.has_place:
        return redirect("appeals:report_place")
    initial = {
        "category": draft.category,
        "description": draft.description,
        "address": draft.address,
        "contact_phone": draft.contact_phone or request.user.phone,
    }
    form = DetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.draft_save_details(draft, **form.cleaned_data)
        try:
            appeal = services.draft_submit(draft, actor=request.user, source=Source.WEB, **form.cleaned_data)
        except services.ReportInvalid as error:
            for field, message in error.errors.items():
                form.add_error(field, message)
        except Invalid as error:
            form.add_error(None, error.message)
        else:
            return redirect("appeals:created", number=appeal.number)
    context = {"draft": draft, "form": form, "step": 3, "photos": draft.photos.all()}
    return render(request, "appeals/report_details.html", context, status=400 if form.errors else 200)


@login_required
def created(request, number):
    appeal = selectors.appeals_of_applicant(request.user).filter(number=number).first()
    if appeal is None:
        raise Http404
    return render(request, "appeals/created.html", {"appeal": appeal})


@login_required
def mine(request):
    page = Paginator(selectors.appeals_of_applicant(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appeals/mine.html", {"page": page, "appeals": page.object_list})


def detail(request, number, confirm_form=None, dispute_form=None):
    try:
        appeal, full = selectors.appeal_get_for(request.user, numbers.normalise(number))
    except Appeal.DoesNotExist:
        raise Http404 from None
    allowed = permissions.allowed_actions(request.user, appeal) if request.user.is_authenticated else set()
    context = {
        "appeal": appeal,
        "full": full,
        "allowed": allowed,
        "confirm_form": confirm_form or ConfirmForm(),
        "dispute_form": dispute_form or DisputeForm(),
    }
    status = 400 if (confirm_form or dispute_form) else 200
    return render(request, "appeals/detail.html", context, status=status)


@login_required
@require_POST
def confirm(request, number):
    appeal = get_object_or_404(Appeal, number=numbers.normalise(number))
    form = ConfirmForm(request.POST)
    if form.is_valid() and domain_call(
        form, lambda: workflow.confirm(appeal, actor=request.user, source=Source.WEB, **form.cleaned_data)
    ):
        messages.success(request, _("Thank you! The appeal is closed."))
        return redirect("appeals:detail", number=appeal.number)
    return detail(request, number, confirm_form=form)


@login_required
@require_POST
def dispute(request, number):
    appeal = get_object_or_404(Appeal, number=numbers.normalise(number))
    form = DisputeForm(request.POST, request.FILES)
    if form.is_valid() and domain_call(
        form,
        lambda: services.act_with_photos(
            workflow.dispute,
            appeal,
            form.cleaned_data["photos"],
            stage=Photo.Stage.DISPUTE,
            actor=request.user,
            source=Source.WEB,
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, _("The appeal went back to the organisation with a new deadline."))
        return redirect("appeals:detail", number=appeal.number)
    return detail(request, number, dispute_form=form)


def public_map(request):
    return render(
        request,
        "appeals/map.html",
        {
            "categories": Category.objects.all(),
            "statuses": Appeal.Status.choices,
        },
    )


def _bbox(text):
    try:
        south, west, north, east = (float(part) for part in text.split(","))
    except (AttributeError, ValueError):
        return None
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        return None
    return south, west, north, east


@require_GET
def map_data(request):
    """Public markers: number, category, status, date, thumbnail; never who reported it."""
    limit = settings.QALA_MAP_MAX_MARKERS
    rows, thumbs, truncated = selectors.map_markers(
        bbox=_bbox(request.GET.get("bbox")),
        categories=[code for code in request.GET.getlist("category")[:50] if code],
        statuses=[status for status in request.GET.getlist("status")[:10] if status],
        limit=limit,
    )
    categories = {c.pk: c for c in Category.objects.all()}
    labels = dict(Appeal.Status.choices)
    markers = []
    for row in rows:
        category = categories[row["category_id"]]
        thumb = thumbs.get(row["pk"])
        markers.append(
            {
                "number": row["number"],
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "status": row["status"],
                "status_label": str(labels[row["status"]]),
                "category": localized(category, "name"),
                "icon": category.icon,
                "date": row["created_at"].isoformat(),
                "thumbnail": default_storage.url(thumb) if thumb else None,
            }
        )
    return JsonResponse({"markers": markers, "truncated": truncated, "limit": limit})


@login_required
def formal_new(request):
    """A formal appeal to the akimat or a maslikhat deputy: applicant and appeal blocks, then one domain call."""
    form = FormalAppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = formal.formal_appeal_submit(
                form.cleaned_data, actor=request.user, uploads=form.cleaned_data["attachments"]
            )
        except formal.FormalInvalid as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("appeals:created", number=appeal.number)
    return render(request, "appeals/formal.html", {"form": form}, status=400 if form.errors else 200)
