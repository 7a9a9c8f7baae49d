"""Reads for the city information: published content only, in the reader's language with a fallback."""

from django.db.models import Prefetch

from qala.common.i18n import localized

from . import search
from .models import DirectoryEntry, Guide, GuideTranslation, Status

FALLBACK = ("ru", "kk", "en")
SEARCH_LIMIT = 30


def translation_for(guide, language: str):
    """The guide's text in `language`, else the first of Russian, Kazakh, English; and whether it fell back."""
    texts = {t.language: t for t in guide.translations.all()}
    if language in texts:
        return texts[language], False
    for code in FALLBACK:
        if code in texts:
            return texts[code], True
    return None, True


def guides_published(section: str | None = None):
    guides = Guide.objects.filter(status=Status.PUBLISHED).prefetch_related("translations")
    return guides.filter(section=section) if section else guides


def guide_published(slug: str):
    """Raises Guide.DoesNotExist for a draft as for a missing page."""
    places = DirectoryEntry.objects.filter(status=Status.PUBLISHED).select_related("territory")
    return (
        Guide.objects.filter(status=Status.PUBLISHED)
        .prefetch_related("translations", Prefetch("places", queryset=places))
        .get(slug=slug)
    )


def directory(*, kind: str | None = None, territory=None):
    entries = (
        DirectoryEntry.objects.filter(status=Status.PUBLISHED)
        .select_related("territory")
        .defer("territory__boundary", "staff_notes", "search_text")
    )
    if kind:
        entries = entries.filter(kind=kind)
    if territory is not None:
        entries = entries.filter(territory=territory)
    return entries


def directory_markers(*, kind=None, territory=None, limit: int) -> list[dict]:
    """Public map points: name, kind, address and a link — nothing staff-only."""
    rows = directory(kind=kind, territory=territory).order_by("pk")[:limit]
    return [
        {
            "code": e.code,
            "name": localized(e, "name"),
            "kind": e.kind,
            "kind_label": str(e.get_kind_display()),
            "address": localized(e, "address"),
            "lat": float(e.latitude),
            "lon": float(e.longitude),
        }
        for e in rows
    ]


def search_everything(query: str, language: str) -> dict:
    """Guides and directory entries whose folded text holds every word, best first."""
    query_words = search.words(query)
    if not query_words:
        return {"guides": [], "places": []}
    return {"guides": _search_guides(query_words, language), "places": _search_places(query_words)}


def _containing(queryset, query_words):
    for word in query_words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _search_guides(query_words, language):
    matches = _containing(GuideTranslation.objects.filter(guide__status=Status.PUBLISHED), query_words)
    best = {}
    for guide_id, text in matches.values_list("guide_id", "search_text")[:500]:
        best[guide_id] = max(best.get(guide_id, 0), search.score(text, query_words))
    ranked = sorted((pk for pk in best if best[pk]), key=lambda pk: -best[pk])[:SEARCH_LIMIT]
    guides = Guide.objects.prefetch_related("translations").in_bulk(ranked)
    return [(guides[pk], *translation_for(guides[pk], language)) for pk in ranked]


def _search_places(query_words):
    published = DirectoryEntry.objects.filter(status=Status.PUBLISHED)
    matches = _containing(published, query_words).only("pk", "search_text")[:500]
    scored = sorted(((search.score(e.search_text, query_words), e.pk) for e in matches), reverse=True)
    ranked = [pk for points, pk in scored if points][:SEARCH_LIMIT]
    entries = directory().in_bulk(ranked)
    return [entries[pk] for pk in ranked]
