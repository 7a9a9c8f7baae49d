from django.utils import translation
from django.views import i18n


def set_language(request):
    """Django's language switch, reading `next` in its own language.

    Django translates `next` only when its prefix matches the language the request is in; a
    visitor on an /en/ link with a Kazakh browser could otherwise never leave English.
    """
    language = translation.get_language_from_path(request.POST.get("next") or request.GET.get("next") or "")
    if language:
        translation.activate(language)
    return i18n.set_language(request)
