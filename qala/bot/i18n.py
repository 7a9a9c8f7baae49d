"""The bot speaks the user's saved language; on first contact Telegram's language if it is ours, else Kazakh."""

from django.utils import translation

from qala.common.i18n import language_codes, language_or_default

LANGUAGES = language_codes()


def user_language(user, telegram_language: str | None = None) -> str:
    if user.language in LANGUAGES:
        return user.language
    guess = (telegram_language or "")[:2]
    return language_or_default(guess)


def active() -> str:
    return translation.get_language() or "kk"
