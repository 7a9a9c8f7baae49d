"""Keyboards and the button texts the handlers recognise in any of the three languages."""

from enum import StrEnum
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
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qala.common.links import absolute_url

from .i18n import LANGUAGES, active

NEW_APPEAL = gettext_noop("📝 New appeal")
MY_APPEALS = gettext_noop("📋 My appeals")
BOOK = gettext_noop("🗓 Book a PSC visit")
MY_BOOKINGS = gettext_noop("🎫 My bookings")
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


# --- booking a PSC visit


class BookService(CallbackData, prefix="bsvc"):
    pk: int


class BookCentre(CallbackData, prefix="bctr"):
    pk: int


class BookDay(CallbackData, prefix="bday"):
    day: str  # ISO date


class BookTime(CallbackData, prefix="btime"):
    pk: int


class BookTimesPage(CallbackData, prefix="btpg"):
    page: int


class BookMove(StrEnum):
    BACK = "back"
    CANCEL = "cancel"
    CONFIRM = "ok"
    DAYS = "days"
    TIMES = "times"
    VEHICLE = "vehicle"


class BookNav(CallbackData, prefix="bnav"):
    to: BookMove


class BookingAct(StrEnum):
    REBOOK = "rebook"
    CANCEL = "cancel"
    CANCEL_SURE = "cancel_yes"
    KEEP = "keep"


class BookingAction(CallbackData, prefix="bkg"):
    code: str
    act: BookingAct


def language_choice() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, label in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")):
        builder.button(text=label, callback_data=Language(code=code))
    return builder.adjust(3).as_markup()


def menu() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_(NEW_APPEAL)), KeyboardButton(text=_(BOOK))],
            [KeyboardButton(text=_(MY_APPEALS)), KeyboardButton(text=_(MY_BOOKINGS))],
            [KeyboardButton(text=_(ABOUT))],
        ],
        resize_keyboard=True,
    )


def webapp_url(path: str = "tg/webapp/") -> str:
    return absolute_url(f"/{active()}/{path}")


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


TIMES_PER_ROW = 4
TIMES_PER_PAGE = 24


def _booking_steps(builder: InlineKeyboardBuilder) -> InlineKeyboardMarkup:
    """Back and Cancel under every step of the booking flow."""
    builder.row(
        InlineKeyboardButton(text=_(BACK), callback_data=BookNav(to=BookMove.BACK).pack()),
        InlineKeyboardButton(text=_(CANCEL), callback_data=BookNav(to=BookMove.CANCEL).pack()),
    )
    return builder.as_markup()


def booking_services(items) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for service in items:
        builder.button(text=service.name, callback_data=BookService(pk=service.pk))
    builder.adjust(1)
    return _booking_steps(builder)


def booking_centres(items) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for centre in items:
        builder.button(text=f"{centre.name} · {centre.territory.name}", callback_data=BookCentre(pk=centre.pk))
    builder.adjust(1)
    return _booking_steps(builder)


def booking_days(days) -> InlineKeyboardMarkup:
    """`days`: (date, label) pairs."""
    builder = InlineKeyboardBuilder()
    for day, label in days:
        builder.button(text=label, callback_data=BookDay(day=day.isoformat()))
    builder.adjust(2)
    return _booking_steps(builder)


def booking_times(slots, page: int) -> InlineKeyboardMarkup:
    """`slots`: (slot pk, "HH:MM") pairs, TIMES_PER_PAGE a page in rows of TIMES_PER_ROW."""
    builder = InlineKeyboardBuilder()
    for pk, label in slots[page * TIMES_PER_PAGE : (page + 1) * TIMES_PER_PAGE]:
        builder.button(text=label, callback_data=BookTime(pk=pk))
    builder.adjust(TIMES_PER_ROW)
    navigation = []
    if page > 0:
        navigation.append(InlineKeyboardButton(text="⬅️", callback_data=BookTimesPage(page=page - 1).pack()))
    if (page + 1) * TIMES_PER_PAGE < len(slots):
        navigation.append(InlineKeyboardButton(text="➡️", callback_data=BookTimesPage(page=page + 1).pack()))
    if navigation:
        builder.row(*navigation)
    return _booking_steps(builder)


def booking_confirm(*, moving: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    label = _("✅ Move it") if moving else _("✅ Book")
    builder.button(text=label, callback_data=BookNav(to=BookMove.CONFIRM))
    return _booking_steps(builder)


def booking_only_steps() -> InlineKeyboardMarkup:
    return _booking_steps(InlineKeyboardBuilder())


def booking_refused(*, vehicle: bool) -> InlineKeyboardMarkup:
    """After a refusal: another time, another day, another vehicle (when one was asked), or cancel."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🕒 Another time"), callback_data=BookNav(to=BookMove.TIMES))
    builder.button(text=_("📅 Another day"), callback_data=BookNav(to=BookMove.DAYS))
    if vehicle:
        builder.button(text=_("🚗 Another plate or VIN"), callback_data=BookNav(to=BookMove.VEHICLE))
    builder.button(text=_(CANCEL), callback_data=BookNav(to=BookMove.CANCEL))
    return builder.adjust(2).as_markup()


def booking_list(codes) -> InlineKeyboardMarkup | None:
    """Re-book and Cancel for each booking that can still be changed."""
    if not codes:
        return None
    builder = InlineKeyboardBuilder()
    for code in codes:
        builder.button(
            text=_("🔁 Re-book %(code)s") % {"code": code},
            callback_data=BookingAction(code=code, act=BookingAct.REBOOK),
        )
        builder.button(
            text=_("✖️ Cancel %(code)s") % {"code": code}, callback_data=BookingAction(code=code, act=BookingAct.CANCEL)
        )
    return builder.adjust(2).as_markup()


def booking_cancel_sure(code: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes, cancel it"), callback_data=BookingAction(code=code, act=BookingAct.CANCEL_SURE))
    builder.button(text=_("No, keep it"), callback_data=BookingAction(code=code, act=BookingAct.KEEP))
    return builder.as_markup()


REMOVE = ReplyKeyboardRemove()
