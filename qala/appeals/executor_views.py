"""The executor's and the organisation manager's side: tasks, and the work on one task."""

import json

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qala.accounts.decorators import role_required
from qala.accounts.models import User
from qala.common.forms import domain_call
from qala.common.i18n import localized
from qala.organisations.models import Organisation

from . import formal, numbers, permissions, selectors, services, workflow
from .forms import (
    AnswerForm,
    CompleteForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ReassignForm,
    ReturnForm,
    StartForm,
)
from .models import Appeal, Photo, Source

WORKERS = (User.Role.EXECUTOR, User.Role.ORG_MANAGER, User.Role.ADMIN)
# Operators open a task too: they decide extension requests and hand work to another organisation.
TASK_VIEWERS = (*WORKERS, User.Role.OPERATOR)
TASK_PAGE = 50


@role_required(*WORKERS)
def tasks(request):
    whole = request.GET.get("scope") == "organisation"
    appeals = selectors.executor_tasks(request.user, whole_organisation=whole)
    page = Paginator(appeals, TASK_PAGE).get_page(request.GET.get("page"))
    markers = [
        {
            "number": a.number,
            "lat": float(a.latitude),
            "lon": float(a.longitude),
            "status": a.status,
            "category": f"{a.category.icon} {localized(a.category, 'name')}",
            "overdue": a.is_overdue,
        }
        for a in page.object_list
    ]
    return render(
        request,
        "appeals/staff/tasks.html",
        {
            "page": page,
            "whole": whole,
            "markers": json.dumps(markers, ensure_ascii=False),
        },
    )


def _task_forms(appeal, user):
    organisation_only = Organisation.objects.filter(pk=user.organisation_id)
    forms = {
        "start": StartForm(),
        "complete": CompleteForm() if appeal.kind == Appeal.Kind.REPORT else AnswerForm(),
        "return": ReturnForm(),
        "extension": ExtensionRequestForm(),
        "reassign": ReassignForm(
            organisations=organisation_only if user.role == User.Role.ORG_MANAGER else None,
            initial={"organisation": appeal.organisation, "executor": appeal.executor},
        ),
        "decide": ExtensionDecisionForm(),
    }
    return forms


HANDLERS = {}


def handles(name):
    def register(function):
        HANDLERS[name] = function
        return function

    return register


@role_required(*TASK_VIEWERS)
def task(request, number):
    try:
        appeal = selectors.appeal_for_staff(request.user, numbers.normalise(number))
    except Appeal.DoesNotExist:
        raise Http404 from None
    forms = _task_forms(appeal, request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    if action in HANDLERS:
        form = HANDLERS[action](request, appeal)
        if not form.errors:
            return redirect("appeals:task", number=appeal.number)
        forms[action] = form
    return render(
        request,
        "appeals/staff/task.html",
        {
            "appeal": appeal,
            "full": True,
            "forms": forms,
            "allowed": permissions.allowed_actions(request.user, appeal),
            "requests": list(selectors.extension_requests_open(appeal)),
        },
        status=400 if action in HANDLERS else 200,
    )


@handles("start")
def _start(request, appeal):
    form = StartForm(request.POST, request.FILES)
    if form.is_valid():
        domain_call(
            form,
            lambda: services.act_with_photos(
                workflow.start,
                appeal,
                form.cleaned_data["photos"],
                stage=Photo.Stage.BEFORE,
                actor=request.user,
                source=Source.WEB,
            ),
            request=request,
            success=_("Work started."),
        )
    return form


@handles("acknowledge")
def _acknowledge(request, appeal):
    form = forms.Form(request.POST)
    domain_call(
        form,
        lambda: workflow.acknowledge(appeal, actor=request.user, source=Source.WEB),
        request=request,
        success=_("The gratitude is acknowledged and closed."),
    )
    return form


@handles("complete")
def _complete(request, appeal):
    if appeal.kind != Appeal.Kind.REPORT:
        return _answer(request, appeal)
    form = CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        domain_call(
            form,
            lambda: services.act_with_photos(
                workflow.complete,
                appeal,
                form.cleaned_data["photos"],
                stage=Photo.Stage.AFTER,
                actor=request.user,
                source=Source.WEB,
                answer=form.cleaned_data["answer"],
            ),
            request=request,
            success=_("The work is done; the resident will be asked to confirm."),
        )
    return form


def _answer(request, appeal):
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        domain_call(
            form,
            lambda: formal.answer_with_attachments(
                appeal,
                actor=request.user,
                source=Source.WEB,
                answer=form.cleaned_data["answer"],
                uploads=form.cleaned_data["attachments"],
            ),
            request=request,
            success=_("The answer was sent to the applicant."),
        )
    return form


@handles("return")
def _return(request, appeal):
    form = ReturnForm(request.POST)
    if form.is_valid():
        domain_call(
            form,
            lambda: workflow.return_(appeal, actor=request.user, source=Source.WEB, reason=form.reason_text()),
            request=request,
            success=_("The appeal was returned to the operators."),
        )
    return form


@handles("extension")
def _extension(request, appeal):
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        domain_call(
            form,
            lambda: workflow.request_extension(appeal, actor=request.user, source=Source.WEB, **form.cleaned_data),
            request=request,
            success=_("More time was asked for."),
        )
    return form


@handles("reassign")
def _reassign(request, appeal):
    organisations = (
        Organisation.objects.filter(pk=request.user.organisation_id)
        if request.user.role == User.Role.ORG_MANAGER
        else None
    )
    form = ReassignForm(request.POST, organisations=organisations)
    if form.is_valid():
        domain_call(
            form,
            lambda: workflow.reassign(
                appeal,
                actor=request.user,
                source=Source.WEB,
                organisation=form.cleaned_data["organisation"],
                executor=form.cleaned_data["executor"],
            ),
            request=request,
            success=_("The appeal was reassigned."),
        )
    return form


@handles("decide")
def _decide(request, appeal):
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        extension = selectors.extension_requests_open(appeal).filter(pk=data["request"]).first()
        if extension is None:
            form.add_error(None, _("This request has already been answered."))
        elif data["decision"] == "approve":
            if data["deadline"] is None:
                form.add_error("deadline", _("Choose the new deadline."))
            else:
                domain_call(
                    form,
                    lambda: workflow.extend_deadline(
                        appeal,
                        actor=request.user,
                        source=Source.WEB,
                        deadline=data["deadline"],
                        reason=data["reason"],
                        request=extension,
                    ),
                    request=request,
                    success=_("The deadline was extended."),
                )
        else:
            domain_call(
                form,
                lambda: workflow.refuse_extension(
                    appeal, actor=request.user, source=Source.WEB, request=extension, reason=data["reason"]
                ),
                request=request,
                success=_("The request was refused."),
            )
    return form
