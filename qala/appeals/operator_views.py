"""The 109 operator's console: the queue, triage on one screen, and calls registered by phone."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qala.accounts.decorators import role_required
from qala.accounts.models import User
from qala.common.errors import DomainError
from qala.common.forms import domain_call
from qala.organisations.selectors import organisation_suggested, organisations_for_territory

from . import deadlines, numbers, selectors, services, workflow
from .forms import AssignForm, EditForm, ForwardForm, MergeForm, PhoneAppealForm, QueueFilterForm, RejectForm
from .models import Appeal, Source

OPERATORS = (User.Role.OPERATOR, User.Role.ADMIN)
QUEUE_PAGE = 30


@role_required(*OPERATORS)
def queue(request):
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    appeals = selectors.operator_queue(
        request.user,
        territory=filters.get("territory"),
        category=filters.get("category"),
        channel=filters.get("channel"),
        older_than_hours=int(filters["age"]) if filters.get("age") else None,
    )
    page = Paginator(appeals, QUEUE_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "appeals/staff/queue.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.queue_counts(appeals),
            "query": query.urlencode(),
        },
    )


def _organisations(appeal):
    """The organisations working in the appeal's territory, or None (then the form offers them all)."""
    found = organisations_for_territory(appeal.territory)
    return found if found.exists() else None


def _triage_forms(appeal, computed_deadline, bound=None, data=None):
    suggested = organisation_suggested(appeal)
    forms = {
        "assign": AssignForm(
            organisations=_organisations(appeal),
            initial={"organisation": suggested, "deadline": computed_deadline},
        ),
        "reject": RejectForm(),
        "merge": MergeForm(),
        "edit": EditForm(initial={"category": appeal.category}),
        "forward": ForwardForm(),
    }
    if bound:
        forms[bound] = data
    return forms, suggested


@role_required(*OPERATORS)
def triage(request, number):
    try:
        appeal = selectors.appeal_for_staff(request.user, numbers.normalise(number))
    except Appeal.DoesNotExist:
        raise Http404 from None
    bound, form = None, None
    if request.method == "POST":
        bound = request.POST.get("action")
        form, done = _triage_act(request, appeal, bound)
        if done:
            return redirect("appeals:queue") if appeal.status != Appeal.Status.NEW else redirect(request.path)
    computed_deadline = workflow.category_deadline(appeal)
    forms, suggested = _triage_forms(appeal, computed_deadline, bound if form is not None else None, form)
    return render(
        request,
        "appeals/staff/triage.html",
        {
            "appeal": appeal,
            "full": True,
            "forms": forms,
            "suggested": suggested,
            "duplicates": selectors.nearby_duplicates(appeal) if appeal.status == Appeal.Status.NEW else [],
            "computed_deadline": computed_deadline,
            "forward_by": deadlines.due_at(appeal.created_at, 3, deadlines.calendar_overrides()),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _triage_act(request, appeal, action):
    """Run one triage action; returns the bound form (for errors) and whether it succeeded."""
    handlers = {"assign": _assign, "reject": _reject, "merge": _merge, "edit": _edit, "forward": _forward}
    if action not in handlers:
        return None, False
    form = handlers[action](request, appeal)
    return form, not form.errors


def _assign(request, appeal):
    form = AssignForm(request.POST, organisations=_organisations(appeal))
    if form.is_valid():
        data = form.cleaned_data
        domain_call(
            form,
            lambda: workflow.assign(
                appeal,
                actor=request.user,
                source=Source.OPERATOR,
                organisation=data["organisation"],
                executor=data["executor"],
                deadline=data["deadline"],
                deadline_reason=data["deadline_reason"],
            ),
            request=request,
            success=_("Appeal %(number)s was assigned.") % {"number": appeal.number},
        )
    return form


def _reject(request, appeal):
    form = RejectForm(request.POST)
    if form.is_valid():
        domain_call(
            form,
            lambda: workflow.reject(appeal, actor=request.user, source=Source.OPERATOR, **form.cleaned_data),
            request=request,
            success=_("Appeal %(number)s was rejected.") % {"number": appeal.number},
        )
    return form


def _merge(request, appeal):
    form = MergeForm(request.POST)
    if form.is_valid():
        parent = Appeal.objects.filter(number=numbers.normalise(form.cleaned_data["into"])).first()
        if parent is None:
            form.add_error("into", _("There is no appeal with this number."))
        else:
            domain_call(
                form,
                lambda: workflow.merge(appeal, actor=request.user, source=Source.OPERATOR, into=parent),
                request=request,
                success=_("Appeal %(number)s was merged into %(parent)s.")
                % {"number": appeal.number, "parent": parent.number},
            )
    return form


def _edit(request, appeal):
    form = EditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        domain_call(
            form,
            lambda: workflow.edit(appeal, actor=request.user, source=Source.OPERATOR, **data),
            request=request,
            success=_("The appeal was corrected."),
        )
    return form


def _forward(request, appeal):
    form = ForwardForm(request.POST)
    if form.is_valid():
        domain_call(
            form,
            lambda: workflow.forward(appeal, actor=request.user, source=Source.OPERATOR, **form.cleaned_data),
            request=request,
            success=_("Appeal %(number)s was forwarded.") % {"number": appeal.number},
        )
    return form


@role_required(*OPERATORS)
def phone_new(request):
    """A resident calls 109: the operator files the appeal with the caller's phone."""
    form = PhoneAppealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = services.phone_appeal_register(
                actor=request.user,
                category=data["category"],
                description=data["description"],
                address=data["address"],
                contact_phone=data["contact_phone"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                uploads=data["photos"],
            )
        except services.ReportInvalid as error:
            for field, message in error.errors.items():
                form.add_error(field, message)
        except DomainError as error:
            form.add_error("photos" if error.field == "photos" else None, error.message)
        else:
            messages.success(request, _("Appeal %(number)s was registered.") % {"number": appeal.number})
            return redirect("appeals:triage", number=appeal.number)
    return render(request, "appeals/staff/phone.html", {"form": form}, status=400 if form.errors else 200)
