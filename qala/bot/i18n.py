"""The bot speaks the user's saved language; on first contact Telegram's language if it is ours, else Kazakh."""

from django.utils import translation

LANGUAGES = ("kk", "ru", "en")


def user_language(user, telegram_language: str | None = None) -> str:
    if user.language in LANGUAGES:
        return user.language
    guess = (telegram_language or "")[:2]
    return guess if guess in LANGUAGES else "kk"


def active() -> str:
    return translation.get_language() or "kk"
