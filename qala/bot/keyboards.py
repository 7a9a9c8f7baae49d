"""Keyboards and the button texts the handlers recognise in any of the three languages."""

from functools import cache

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    WebAppInfo,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .i18n import LANGUAGES, active

NEW_APPEAL = gettext_noop("📝 New appeal")
MY_APPEALS = gettext_noop("📋 My appeals")
ABOUT = gettext_noop("ℹ️ About")
BACK = gettext_noop("⬅️ Back")
CANCEL = gettext_noop("✖️ Cancel")
PHOTOS_DONE = gettext_noop("✅ Photos are ready")
SEND_LOCATION = gettext_noop("📍 Send my location")
CHOOSE_REGION = gettext_noop("🗺 Choose the region")
SHARE_CONTACT = gettext_noop("📱 Share my phone number")


@cache
def labels(msgid: str) -> frozenset[str]:
    """A button's text in every language, so an old keyboard still works after a language change."""
    texts = set()
    for language in LANGUAGES:
        with translation.override(language):
            texts.add(_(msgid))
    return frozenset(texts)


class Language(CallbackData, prefix="lang"):
    code: str


class Region(CallbackData, prefix="region"):
    pk: int


class CategoryChoice(CallbackData, prefix="cat"):
    pk: int


class Confirm(CallbackData, prefix="confirm"):
    ok: bool


class Page(CallbackData, prefix="page"):
    number: int


class Show(CallbackData, prefix="show"):
    number: str


class Rate(CallbackData, prefix="rate"):
    number: str
    stars: int


class Dispute(CallbackData, prefix="dispute"):
    number: str


class SkipComment(CallbackData, prefix="skip"):
    number: str


def language_choice() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, label in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")):
        builder.button(text=label, callback_data=Language(code=code))
    return builder.adjust(3).as_markup()


def menu() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_(NEW_APPEAL))],
            [KeyboardButton(text=_(MY_APPEALS)), KeyboardButton(text=_(ABOUT))],
        ],
        resize_keyboard=True,
    )


def webapp_url(path: str = "tg/webapp/") -> str:
    return f"{settings.QALA_SITE_URL.rstrip('/')}/{active()}/{path}"


def appeal_url(number: str) -> str:
    return webapp_url(f"appeals/{number}/")


def new_appeal_choice() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=_("Open the form"), web_app=WebAppInfo(url=webapp_url()))],
            [InlineKeyboardButton(text=_("Report here in the chat"), callback_data="report:chat")],
        ]
    )


def steps(*first_rows) -> ReplyKeyboardMarkup:
    rows = [list(row) for row in first_rows] + [[KeyboardButton(text=_(BACK)), KeyboardButton(text=_(CANCEL))]]
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True)


def photos_step() -> ReplyKeyboardMarkup:
    return steps([KeyboardButton(text=_(PHOTOS_DONE))])


def place_step() -> ReplyKeyboardMarkup:
    return steps(
        [KeyboardButton(text=_(SEND_LOCATION), request_location=True)], [KeyboardButton(text=_(CHOOSE_REGION))]
    )


def phone_step() -> ReplyKeyboardMarkup:
    return steps([KeyboardButton(text=_(SHARE_CONTACT), request_contact=True)])


def plain_step() -> ReplyKeyboardMarkup:
    return steps()


def regions(places) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for place in places:
        builder.button(text=place.name, callback_data=Region(pk=place.pk))
    return builder.adjust(2).as_markup()


def categories(items) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in items:
        builder.button(text=f"{category.icon} {category.name}", callback_data=CategoryChoice(pk=category.pk))
    return builder.adjust(2).as_markup()


def confirm() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Send"), callback_data=Confirm(ok=True))
    builder.button(text=_(CANCEL), callback_data=Confirm(ok=False))
    return builder.as_markup()


def open_appeal(number: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("Open the appeal"), url=appeal_url(number))]]
    )


def appeal_list(numbers, page: int, has_more: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for number in numbers:
        builder.button(text=number, callback_data=Show(number=number))
    builder.adjust(1)
    navigation = []
    if page > 1:
        navigation.append(InlineKeyboardButton(text="⬅️", callback_data=Page(number=page - 1).pack()))
    if has_more:
        navigation.append(InlineKeyboardButton(text="➡️", callback_data=Page(number=page + 1).pack()))
    if navigation:
        builder.row(*navigation)
    return builder.as_markup()


def rating(number: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for stars in range(1, 6):
        builder.button(text="⭐" * stars, callback_data=Rate(number=number, stars=stars))
    builder.button(text=_("👎 It is not fixed"), callback_data=Dispute(number=number))
    return builder.adjust(1).as_markup()


def skip_comment(number: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Skip"), callback_data=SkipComment(number=number))
    return builder.as_markup()


REMOVE = ReplyKeyboardRemove()
