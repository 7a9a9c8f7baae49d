from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import rendering, selectors, services
from .forms import PreferencesForm
from .models import Channel

PAGE_SIZE = 20


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(notification, rendering.render(notification)) for notification in page]
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@login_required
@require_POST
def mark_all_read(request):
    services.notifications_mark_all_read(request.user)
    return redirect("notifications:inbox")


@login_required
def open_one(request, pk):
    """Opening a notification marks it read and leads to its appeal."""
    notification = get_object_or_404(selectors.inbox(request.user), pk=pk)
    services.notification_mark_read(notification)
    if notification.appeal is None:
        return redirect("notifications:inbox")
    return redirect("appeals:detail", number=notification.appeal.number)


@login_required
def preferences(request):
    initial = {"email": selectors.preferences_of(request.user)[Channel.EMAIL]}
    # An unticked box sends nothing, so the POST may be empty and still mean "off".
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        services.preference_set(request.user, channel=Channel.EMAIL, enabled=form.cleaned_data["email"])
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
