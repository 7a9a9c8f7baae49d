"""Booking a PSC visit in the chat: IIN (once) → service → centre → day → time → plate or VIN → confirm.

My bookings lists the resident's bookings with Re-book (day → time → confirm) and Cancel (with a
confirmation). The rules are the booking domain's: the chat only asks, shows what it refused and why,
and offers another day or time. Times are shown in Almaty time.
"""

from contextlib import suppress
from datetime import date
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qala.accounts import services as accounts
from qala.booking import selectors, services
from qala.booking.models import Booking, Centre, Service, Slot
from qala.common.errors import DomainError, Invalid

from .. import keyboards as kb
from ..keyboards import BookingAct, BookMove

router = Router(name="booking")
ALMATY = ZoneInfo("Asia/Almaty")
LIST_SIZE = 10
NOT_COMMAND = ~F.text.startswith("/")


class Book(StatesGroup):
    iin = State()
    service = State()
    centre = State()
    day = State()
    time = State()
    vehicle = State()
    confirm = State()


STEPS = [Book.iin, Book.service, Book.centre, Book.day, Book.time, Book.vehicle, Book.confirm]
TEXT_STEPS = {Book.iin.state, Book.vehicle.state}


# --- how things are written


def _local(moment):
    return timezone.localtime(moment, ALMATY)


def _when(moment) -> str:
    """ "Mon 23.11.2026, 10:15" in Almaty time."""
    return date_format(_local(moment), "D d.m.Y, H:i")


def _day_label(day: date, free: int) -> str:
    return ngettext("%(day)s · %(count)d free", "%(day)s · %(count)d free", free) % {
        "day": date_format(day, "D d.m"),
        "count": free,
    }


def _describe(booking) -> str:
    """One booking as the resident reads it in My bookings."""
    return _("%(code)s · %(status)s\n%(when)s · %(service)s\n%(centre)s, %(address)s") % {
        "code": booking.code,
        "status": booking.get_status_display(),
        "when": _when(booking.slot.start_at),
        "service": booking.service.name,
        "centre": booking.slot.centre.name,
        "address": booking.slot.centre.address,
    }


def _ticket(booking, *, moved: bool) -> str:
    head = _("Re-booked. Your new ticket code: %(code)s") if moved else _("Booked. Your ticket code: %(code)s")
    centre = booking.slot.centre
    return "\n".join(
        [
            head % {"code": booking.code},
            _("Centre: %(centre)s") % {"centre": centre.name},
            _("Address: %(address)s") % {"address": centre.address},
            _("Service: %(service)s") % {"service": booking.service.name},
            _("When: %(when)s") % {"when": _when(booking.slot.start_at)},
            "",
            _("The ticket with its QR code is also on the Qala website under “My bookings”."),
        ]
    )


def _refusal(error: DomainError) -> str:
    lines = [str(error.message)]
    nearest = getattr(error, "nearest", None)
    if nearest:
        lines.append(_("Nearest allowed day: %(day)s") % {"day": nearest.strftime("%d.%m.%Y")})
    lines.append(_("Choose another day or time."))
    return "\n".join(lines)


# --- the steps' texts and keyboards (read in one synchronous call each)


def _services_view(data):
    items = list(Service.objects.order_by("pk"))
    if not items:
        return _("No service can be booked at the moment."), kb.booking_only_steps()
    return _("Choose the service:"), kb.booking_services(items)


def _centres_view(data):
    service = Service.objects.get(pk=data["service"])
    centres = list(selectors.centres_for(service).order_by("pk"))
    if not centres:
        return _("No centre offers this service at the moment. Choose another service."), kb.booking_only_steps()
    lines = [_("%(service)s. Choose the centre:") % {"service": service.name}]
    for centre in centres:
        lines.append(
            _("• %(name)s — %(kind)s, %(district)s; %(address)s")
            % {
                "name": centre.name,
                "kind": centre.get_kind_display(),
                "district": centre.territory.name,
                "address": centre.address,
            }
        )
    return "\n".join(lines), kb.booking_centres(centres)


def _days_view(data):
    service, centre = Service.objects.get(pk=data["service"]), Centre.objects.get(pk=data["centre"])
    days = selectors.days_with_free_seats(centre, service, days=settings.QALA_BOOKING_DAYS_AHEAD)
    offered = [(day, _day_label(day, free)) for day, free in days if free > 0]
    head = _("%(service)s at %(centre)s.") % {"service": service.name, "centre": centre.name}
    if data.get("rebook"):
        head = _("Re-booking %(code)s: %(service)s at %(centre)s.") % {
            "code": data["rebook"],
            "service": service.name,
            "centre": centre.name,
        }
    if not offered:
        text = _("There are no free places in the next %(days)d days. Choose another centre.")
        return head + "\n" + text % {"days": settings.QALA_BOOKING_DAYS_AHEAD}, kb.booking_only_steps()
    return head + "\n" + _("Choose the day (with the number of free places):"), kb.booking_days(offered)


def _free_slots(data):
    service, centre = Service.objects.get(pk=data["service"]), Centre.objects.get(pk=data["centre"])
    return selectors.free_slots(centre, service, date.fromisoformat(data["day"]))


def _times_view(data):
    slots = [(slot.pk, f"{_local(slot.start_at):%H:%M}") for slot in _free_slots(data)]
    day = date_format(date.fromisoformat(data["day"]), "D d.m.Y")
    if not slots:
        return _("%(day)s: no free time is left. Go back and choose another day.") % {"day": day}, (
            kb.booking_only_steps()
        )
    page = min(max(data.get("page", 0), 0), (len(slots) - 1) // kb.TIMES_PER_PAGE)
    return _("%(day)s: choose the time (Almaty time):") % {"day": day}, kb.booking_times(slots, page)


def _confirm_view(data):
    slot = Slot.objects.select_related("centre").get(pk=data["slot"])
    service = Service.objects.get(pk=data["service"])
    head = _("Check your booking:")
    if data.get("rebook"):
        head = _("Move the booking %(code)s to this time?") % {"code": data["rebook"]}
    lines = [
        head,
        _("Service: %(service)s") % {"service": service.name},
        _("Centre: %(centre)s") % {"centre": slot.centre.name},
        _("Address: %(address)s") % {"address": slot.centre.address},
        _("When: %(when)s") % {"when": _when(slot.start_at)},
    ]
    if data.get("vehicle") and not data.get("rebook"):
        lines.append(_("Vehicle: %(vehicle)s") % {"vehicle": data["vehicle"]})
    return "\n".join(lines), kb.booking_confirm(moving=bool(data.get("rebook")))


VIEWS = {
    Book.service.state: _services_view,
    Book.centre.state: _centres_view,
    Book.day.state: _days_view,
    Book.time.state: _times_view,
    Book.confirm.state: _confirm_view,
}


def _previous(step: str, data) -> State | None:
    """The step Back leads to; None leaves the flow."""
    moving = bool(data.get("rebook"))
    if step == Book.confirm.state:
        return Book.vehicle if data.get("needs_vehicle") and not moving else Book.time
    return {
        Book.centre.state: Book.service,
        Book.day.state: None if moving else Book.centre,
        Book.time.state: Book.day,
        Book.vehicle.state: Book.time,
    }.get(step)


# --- showing a step


async def _show(message: Message, text: str, markup, *, edit: bool) -> None:
    """Replace the step's message (a tap on its buttons) or send a new one (a typed answer)."""
    if edit:
        with suppress(TelegramBadRequest):
            await message.edit_text(text, reply_markup=markup)
            return
    await message.answer(text, reply_markup=markup)


async def _drop_buttons(message: Message) -> None:
    with suppress(TelegramBadRequest):
        await message.edit_reply_markup(reply_markup=None)


async def ask(message: Message, state: FSMContext, step: State, user, *, edit: bool = False, note: str = ""):
    await state.set_state(step)
    if step.state in TEXT_STEPS:
        if edit:
            await _drop_buttons(message)
        if step == Book.iin:
            text = _(
                "A booking is made for your IIN. Type your IIN (12 digits): it is saved to your Qala profile "
                "and shown only masked, like %(example)s."
            ) % {"example": "90011530****"}
        else:
            text = _(
                "This service is booked only in the name of the vehicle's owner. Type the plate number or the VIN."
            )
        await message.answer("\n".join(filter(None, [note, text])), reply_markup=kb.plain_step())
        return
    text, markup = await sync_to_async(VIEWS[step.state])(await state.get_data())
    await _show(message, "\n\n".join(filter(None, [note, text])), markup, edit=edit)


# --- entering (the menu's two buttons work at any step), leaving, going back


@router.message(Command("book"))
@router.message(F.text.in_(kb.labels(kb.BOOK)))
async def begin(message: Message, state: FSMContext, user):
    await state.clear()
    if not user.iin:
        await ask(message, state, Book.iin, user)
        return
    await message.answer(_("Booking a visit to a Public Service Centre."), reply_markup=kb.plain_step())
    await ask(message, state, Book.service, user)


def _bookings_view(user):
    bookings = list(selectors.bookings_of(user)[:LIST_SIZE])
    if not bookings:
        return _("You have no bookings yet. Tap “Book a PSC visit” to choose a time."), kb.menu()
    changeable = [b.code for b in bookings if services.changeable(b)]
    text = _("Your bookings, the latest first:") + "\n\n" + "\n\n".join(_describe(b) for b in bookings)
    return text, kb.booking_list(changeable)


@router.message(Command("bookings"))
@router.message(F.text.in_(kb.labels(kb.MY_BOOKINGS)))
async def mine(message: Message, state: FSMContext, user):
    await state.clear()
    text, markup = await sync_to_async(_bookings_view)(user)
    await message.answer(text, reply_markup=markup)


async def _leave(message: Message, state: FSMContext, text: str) -> None:
    await state.clear()
    await message.answer(text, reply_markup=kb.menu())


@router.message(StateFilter(*STEPS), F.text.in_(kb.labels(kb.CANCEL)))
@router.callback_query(StateFilter(*STEPS), kb.BookNav.filter(F.to == BookMove.CANCEL))
async def cancel(event, state: FSMContext):
    moving = bool((await state.get_data()).get("rebook"))
    message = event.message if isinstance(event, CallbackQuery) else event
    if isinstance(event, CallbackQuery):
        await event.answer()
        await _drop_buttons(message)
    await _leave(message, state, _("Cancelled. Your booking was not changed.") if moving else _("Cancelled."))


async def _back(message: Message, state: FSMContext, user, *, edit: bool) -> None:
    previous = _previous(await state.get_state(), await state.get_data())
    if previous is None:
        if edit:
            await _drop_buttons(message)
        await _leave(message, state, _("Choose an action from the menu."))
        return
    await ask(message, state, previous, user, edit=edit)


@router.message(StateFilter(*STEPS), F.text.in_(kb.labels(kb.BACK)))
async def back_typed(message: Message, state: FSMContext, user):
    await _back(message, state, user, edit=False)


@router.callback_query(StateFilter(*STEPS), kb.BookNav.filter(F.to == BookMove.BACK))
async def back_tapped(query: CallbackQuery, state: FSMContext, user):
    await query.answer()
    await _back(query.message, state, user, edit=True)


# --- 0. the IIN, once


@router.message(Book.iin, F.text, NOT_COMMAND)
async def iin(message: Message, state: FSMContext, user):
    try:
        await sync_to_async(accounts.user_iin_set)(user, message.text)
    except DomainError as error:
        await message.answer(
            str(error.message) + "\n" + _("Type your IIN again: 12 digits."), reply_markup=kb.plain_step()
        )
        return
    await message.answer(
        _("Your IIN is saved to your profile as %(masked)s.") % {"masked": user.iin_masked},
        reply_markup=kb.plain_step(),
    )
    await ask(message, state, Book.service, user)


# --- 1. service, 2. centre, 3. day, 4. time


@router.callback_query(Book.service, kb.BookService.filter())
async def service_chosen(query: CallbackQuery, callback_data: kb.BookService, state: FSMContext, user):
    await query.answer()
    chosen = await sync_to_async(Service.objects.filter(pk=callback_data.pk).first)()
    if chosen is None:
        await ask(query.message, state, Book.service, user, edit=True)
        return
    await state.update_data(service=chosen.pk, needs_vehicle=chosen.needs_seller, vehicle="")
    await ask(query.message, state, Book.centre, user, edit=True)


@router.callback_query(Book.centre, kb.BookCentre.filter())
async def centre_chosen(query: CallbackQuery, callback_data: kb.BookCentre, state: FSMContext, user):
    await query.answer()
    data = await state.get_data()
    offered = await sync_to_async(
        lambda: selectors.centres_for(Service.objects.get(pk=data["service"])).filter(pk=callback_data.pk).exists()
    )()
    if not offered:
        await ask(query.message, state, Book.centre, user, edit=True)
        return
    await state.update_data(centre=callback_data.pk)
    await ask(query.message, state, Book.day, user, edit=True)


@router.callback_query(Book.day, kb.BookDay.filter())
async def day_chosen(query: CallbackQuery, callback_data: kb.BookDay, state: FSMContext, user):
    await query.answer()
    try:
        date.fromisoformat(callback_data.day)
    except ValueError:
        await ask(query.message, state, Book.day, user, edit=True)
        return
    await state.update_data(day=callback_data.day, page=0)
    await ask(query.message, state, Book.time, user, edit=True)


@router.callback_query(Book.time, kb.BookTimesPage.filter())
async def times_page(query: CallbackQuery, callback_data: kb.BookTimesPage, state: FSMContext, user):
    await query.answer()
    await state.update_data(page=callback_data.page)
    await ask(query.message, state, Book.time, user, edit=True)


@router.callback_query(Book.time, kb.BookTime.filter())
async def time_chosen(query: CallbackQuery, callback_data: kb.BookTime, state: FSMContext, user):
    await query.answer()
    data = await state.get_data()
    free = await sync_to_async(lambda: any(slot.pk == callback_data.pk for slot in _free_slots(data)))()
    if not free:
        note = _("This time is no longer free. Choose another one.")
        await ask(query.message, state, Book.time, user, edit=True, note=note)
        return
    await state.update_data(slot=callback_data.pk)
    vehicle = data.get("needs_vehicle") and not data.get("rebook")
    await ask(query.message, state, Book.vehicle if vehicle else Book.confirm, user, edit=True)


# --- 5. the vehicle, for a service booked only in the seller's name


@router.message(Book.vehicle, F.text, NOT_COMMAND)
async def vehicle(message: Message, state: FSMContext, user):
    typed = message.text.strip().upper().replace(" ", "")
    if not 2 <= len(typed) <= 17:
        await message.answer(
            _("Type the plate number (like 777AAA01) or the 17 characters of the VIN."), reply_markup=kb.plain_step()
        )
        return
    await state.update_data(vehicle=typed)
    await ask(message, state, Book.confirm, user)


# --- 6. confirm: book or move


def _make(user, data):
    slot = Slot.objects.filter(pk=data.get("slot")).first()
    if slot is None:
        raise Invalid(_("This time is no longer available. Choose another one."))
    if data.get("rebook"):
        old = Booking.objects.select_related("slot", "service", "vehicle").filter(code=data["rebook"]).first()
        if old is None:
            raise Invalid(_("This booking was not found."))
        booking = services.rebook(old, user=user, slot=slot)
    else:
        service = Service.objects.get(pk=data["service"])
        booking = services.book(user=user, slot=slot, service=service, vehicle=data.get("vehicle", ""))
    return _ticket(booking, moved=bool(data.get("rebook")))


@router.callback_query(Book.confirm, kb.BookNav.filter(F.to == BookMove.CONFIRM))
async def confirmed(query: CallbackQuery, state: FSMContext, user):
    await query.answer()
    data = await state.get_data()
    try:
        ticket = await sync_to_async(_make)(user, data)
    except DomainError as error:
        vehicle = bool(data.get("needs_vehicle") and not data.get("rebook"))
        await _show(query.message, _refusal(error), kb.booking_refused(vehicle=vehicle), edit=True)
        return
    await _show(query.message, ticket, None, edit=True)
    await _leave(query.message, state, _("Choose an action from the menu."))


@router.callback_query(Book.confirm, kb.BookNav.filter(F.to.in_({BookMove.DAYS, BookMove.TIMES, BookMove.VEHICLE})))
async def after_refusal(query: CallbackQuery, callback_data: kb.BookNav, state: FSMContext, user):
    await query.answer()
    step = {BookMove.DAYS: Book.day, BookMove.TIMES: Book.time, BookMove.VEHICLE: Book.vehicle}[callback_data.to]
    await state.update_data(page=0)
    await ask(query.message, state, step, user, edit=True)


# --- anything else during the flow


@router.message(StateFilter(Book.iin), NOT_COMMAND)
async def not_an_iin(message: Message):
    await message.answer(_("Type your IIN: 12 digits."), reply_markup=kb.plain_step())


@router.message(StateFilter(Book.vehicle), NOT_COMMAND)
async def not_a_vehicle(message: Message):
    await message.answer(
        _("Type the plate number (like 777AAA01) or the 17 characters of the VIN."), reply_markup=kb.plain_step()
    )


@router.message(StateFilter(Book.service, Book.centre, Book.day, Book.time, Book.confirm), NOT_COMMAND)
async def not_a_button(message: Message):
    await message.answer(_("Choose with the buttons above, or go back or cancel."), reply_markup=kb.plain_step())


# --- My bookings


def _visible(user, code: str):
    """The resident's own booking with this code (None for anyone else's: nothing of it is shown)."""
    return selectors.bookings_of(user).filter(code=code).first()


@router.callback_query(kb.BookingAction.filter(F.act == BookingAct.CANCEL))
async def cancel_ask(query: CallbackQuery, callback_data: kb.BookingAction, user):
    await query.answer()
    booking = await sync_to_async(_visible)(user, callback_data.code)
    if booking is None:
        await query.message.answer(_("This booking was not found."))
        return
    details = await sync_to_async(_describe)(booking)
    await query.message.answer(
        _("Cancel this booking? The time will be freed for others.") + "\n\n" + details,
        reply_markup=kb.booking_cancel_sure(booking.code),
    )


@router.callback_query(kb.BookingAction.filter(F.act == BookingAct.CANCEL_SURE))
async def cancel_booking(query: CallbackQuery, callback_data: kb.BookingAction, user):
    """The domain decides whose booking it is: a forged code gets its refusal."""
    await query.answer()
    booking = await sync_to_async(Booking.objects.select_related("slot").filter(code=callback_data.code).first)()
    if booking is None:
        await query.message.answer(_("This booking was not found."))
        return
    try:
        await sync_to_async(services.cancel)(booking, user=user)
    except DomainError as error:
        await query.message.answer(str(error.message))
        return
    await _show(
        query.message,
        _("The booking %(code)s is cancelled; the time is free for others.") % {"code": booking.code},
        None,
        edit=True,
    )


@router.callback_query(kb.BookingAction.filter(F.act == BookingAct.KEEP))
async def cancel_not(query: CallbackQuery, callback_data: kb.BookingAction):
    await query.answer()
    await _show(query.message, _("The booking %(code)s is kept.") % {"code": callback_data.code}, None, edit=True)


@router.callback_query(kb.BookingAction.filter(F.act == BookingAct.REBOOK))
async def rebook(query: CallbackQuery, callback_data: kb.BookingAction, state: FSMContext, user):
    await query.answer()
    booking = await sync_to_async(_visible)(user, callback_data.code)
    if booking is None:
        await query.message.answer(_("This booking was not found."))
        return
    if not services.changeable(booking):
        await query.message.answer(_("This booking can no longer be changed."))
        return
    await state.clear()
    await state.set_data(
        {"rebook": booking.code, "service": booking.service_id, "centre": booking.slot.centre_id, "page": 0}
    )
    await query.message.answer(
        _("Choose a new day and time for %(code)s.") % {"code": booking.code}, reply_markup=kb.plain_step()
    )
    await ask(query.message, state, Book.day, user)


# --- a button of a step that is over


@router.callback_query(kb.BookService.filter())
@router.callback_query(kb.BookCentre.filter())
@router.callback_query(kb.BookDay.filter())
@router.callback_query(kb.BookTime.filter())
@router.callback_query(kb.BookTimesPage.filter())
@router.callback_query(kb.BookNav.filter())
async def stale(query: CallbackQuery):
    await query.answer(_("This step is over. Start again with /book."))
