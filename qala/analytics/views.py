"""The akimat panel's pages: parse the filters, call one selector, render."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qala.appeals import numbers
from qala.appeals.models import Appeal, Photo

from . import durations, selectors
from .access import panel_view
from .forms import STATE_CHOICES, PanelFilterForm, PeriodForm

PAGE_SIZE = 25


@require_GET
@panel_view
def panel(request):
    form = PanelFilterForm(request.GET, user=request.user)
    form.is_valid()  # invalid fields are shown with their errors and left out of the filters
    state, filters = form.chosen_state(), form.filters()
    appeals = selectors.panel_appeals(request.user, state=state, **filters)
    page = Paginator(appeals, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.panel_counts(request.user, **filters)
    tabs = [(key, label, counts[key]) for key, label in STATE_CHOICES]
    context = {
        "form": form,
        "filtering": any(filters.values()),
        "state": state,
        "tabs": tabs,
        "found": counts[state],
        "page": page,
    }
    return render(request, "analytics/panel.html", context)


@require_GET
@panel_view
def appeal(request, number):
    try:
        found = selectors.panel_appeal(request.user, numbers.normalise(number))
    except Appeal.DoesNotExist:
        raise Http404 from None
    context = {
        "appeal": found,
        "took": durations.time_to_done(found),
        "on_time": durations.done_on_time(found),
        "photo_sections": _photo_sections(found),
    }
    return render(request, "analytics/appeal.html", context)


def _photo_sections(appeal) -> list[tuple[str, list[Photo]]]:
    """The prefetched photos grouped by stage, in the order the work happens."""
    photos = list(appeal.photos.all())
    sections = [(stage.label, [photo for photo in photos if photo.stage == stage]) for stage in Photo.Stage]
    return [(label, group) for label, group in sections if group]


@require_GET
@panel_view
def league(request):
    form = PeriodForm(request.GET)
    form.is_valid()
    table = selectors.league_table(request.user, period=form.period())
    return render(request, "analytics/league.html", {"form": form, "league": table})
