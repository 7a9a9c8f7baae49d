from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import translation

from qala.appeals.selectors import appeal_figures_this_month

from . import selectors
from .forms import DirectoryFilterForm
from .models import Guide


def home(request):
    return render(request, "portal/home.html", {"figures": appeal_figures_this_month()})


def agreement(request):
    """The user agreement every sign-up accepts, in the visitor's language."""
    return render(request, "portal/agreement.html", {"contact_email": getattr(settings, "QALA_CONTACT_EMAIL", "")})


def guides(request, section=None):
    if section and section not in Guide.Section.values:
        raise Http404
    language = translation.get_language()
    items = [(guide, *selectors.translation_for(guide, language)) for guide in selectors.guides_published(section)]
    return render(
        request,
        "portal/guides.html",
        {
            "items": items,
            "section": section,
            "sections": Guide.Section.choices,
        },
    )


def guide(request, slug):
    try:
        found = selectors.guide_published(slug)
    except Guide.DoesNotExist:
        raise Http404 from None
    text, fallback = selectors.translation_for(found, translation.get_language())
    if text is None:
        raise Http404
    return render(request, "portal/guide.html", {"guide": found, "text": text, "fallback": fallback})


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.directory(kind=filters.get("kind") or None, territory=filters.get("district"))
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/directory.html", {"form": form, "page": page, "query": query.urlencode()})


def directory_entry(request, code):
    entry = selectors.directory().filter(code=code).first()
    if entry is None:
        raise Http404
    return render(request, "portal/entry.html", {"entry": entry})


def directory_map(request):
    """The directory's points for the map: bounded, and nothing staff-only."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    markers = selectors.directory_markers(
        kind=filters.get("kind") or None, territory=filters.get("district"), limit=settings.QALA_MAP_MAX_MARKERS
    )
    return JsonResponse({"markers": markers})


def search(request):
    query = (request.GET.get("q") or "")[:200]
    found = selectors.search_everything(query, translation.get_language()) if query else {"guides": [], "places": []}
    return render(request, "portal/search.html", {"query": query, **found})
