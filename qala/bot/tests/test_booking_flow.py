"""Booking a PSC visit in the chat, My bookings, re-booking and cancelling, through the real aiogram Dispatcher.

The days are the ones the bot offers (computed from now, so weekends and holidays are skipped by the
domain, not here); every chosen day is at least tomorrow, so the time of day the tests run does not matter.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.booking import demo, services
from qala.booking.models import Booking, Service, Slot
from qala.bot.tests.fake_telegram import USER_ID
from qala.common.iin import IIN_CHECKSUM

pytestmark = pytest.mark.django_db

OWNER = "850720400007"  # owns the demo's vehicle 777AAA01
OTHER = "900115300003"


@pytest.fixture
def centres(city):
    demo.seed(OWNER)


def _resident(iin=""):
    return User.objects.create(username="tg", telegram_id=USER_ID, language="en", first_name="Aigerim", iin=iin)


def _data(chat, prefix):
    return [b for b in chat.buttons() if b.get("callback_data", "").startswith(prefix)]


def _offered_days(chat) -> list[date]:
    return [date.fromisoformat(b["callback_data"].split(":", 1)[1]) for b in _data(chat, "bday:")]


def _pick_day(chat, after: date | None = None, exactly: date | None = None) -> date:
    """Tap an offered day: `exactly` that one, else the first after `after` (and never today)."""
    if exactly is None:
        floor = max(timezone.localdate(), after or timezone.localdate())
        exactly = next(day for day in _offered_days(chat) if day > floor)
    chat.tap(f"bday:{exactly.isoformat()}")
    return exactly


def _pick_time(chat, avoid: Slot | None = None) -> Slot:
    button = next(b for b in _data(chat, "btime:") if avoid is None or b["callback_data"] != f"btime:{avoid.pk}")
    slot = Slot.objects.get(pk=int(button["callback_data"].split(":")[1]))
    assert button["text"] == f"{timezone.localtime(slot.start_at):%H:%M}"  # Almaty time
    chat.tap(button["callback_data"])
    return slot


def _to_days(chat, service="ID card", centre="Yesil"):
    chat.text("/book")
    chat.tap(chat.button(service))
    chat.tap(chat.button(centre))


def _booked_tomorrow_or_later(user, service="id-card") -> Booking:
    soon = timezone.now() + timedelta(days=1)
    slot = Slot.objects.filter(centre__code="psc-yesil", group="documentation", start_at__gt=soon).first()
    return services.book(user=user, slot=slot, service=Service.objects.get(code=service))


def test_the_menu_and_about_offer_booking(chat, centres):
    _resident()
    chat.text("/help")
    assert "/book" in chat.last() and "/bookings" in chat.last()
    keyboard = str(chat.server.calls("sendMessage")[-1].params["reply_markup"])
    assert "Book a PSC visit" in keyboard and "My bookings" in keyboard
    chat.text("/bookings")
    assert chat.last().startswith("You have no bookings yet.")


def test_iin_first_then_an_id_card_is_booked_and_listed(chat, centres):
    resident = _resident()
    chat.text("🗓 Book a PSC visit")
    assert "Type your IIN" in chat.last() and "masked" in chat.last()
    chat.text("123456789012")
    assert str(IIN_CHECKSUM) in chat.last() and "Type your IIN again" in chat.last()
    resident.refresh_from_db()
    assert resident.iin == ""
    chat.text("900115300003")
    resident.refresh_from_db()
    assert resident.iin == "900115300003"
    assert "Your IIN is saved to your profile as 90011530****." in chat.replies()
    assert chat.last() == "Choose the service:"

    chat.tap(chat.button("ID card"))
    assert "Choose the centre" in chat.last() and "Public Service Centre, Yesil" in chat.last()
    assert "Auto-PSC" not in chat.last()  # it has no windows for documents
    chat.tap(chat.button("Yesil"))
    assert "Choose the day" in chat.last()
    assert all(" free" in b["text"] for b in _data(chat, "bday:"))
    day = _pick_day(chat)
    assert "choose the time (Almaty time)" in chat.last()
    times = _data(chat, "btime:")
    assert len(times) == 24 and chat.button("➡️")  # 32 quarter-hours a day: paged, 24 at a time
    chat.tap(chat.button("➡️"))
    assert len(_data(chat, "btime:")) == 8
    chat.tap(chat.button("⬅️"))
    slot = _pick_time(chat)
    assert slot.local_date == day
    assert "Check your booking" in chat.last() and "ID card" in chat.last()
    chat.tap(chat.button("✅ Book"))

    booking = Booking.objects.get()
    assert (booking.user, booking.slot, booking.service.code, booking.status) == (resident, slot, "id-card", "booked")
    ticket = next(text for text in chat.replies() if text.startswith("Booked."))
    assert f"Your ticket code: {booking.code}" in ticket
    assert "пр. Мангилик Ел, 10" in ticket and f"{timezone.localtime(slot.start_at):%H:%M}" in ticket
    assert "My bookings" in ticket
    assert chat.last() == "Choose an action from the menu."

    chat.text("🎫 My bookings")
    assert booking.code in chat.last() and "booked" in chat.last() and "ID card" in chat.last()
    assert chat.button(f"Re-book {booking.code}") and chat.button(f"Cancel {booking.code}")


def test_rebook_moves_the_booking_to_a_new_code(chat, centres):
    resident = _resident(OWNER)
    old = _booked_tomorrow_or_later(resident)
    chat.text("/bookings")
    chat.tap(chat.button(f"Re-book {old.code}"))
    assert f"Re-booking {old.code}" in chat.last()
    _pick_day(chat, exactly=old.local_date)
    _pick_time(chat, avoid=old.slot)
    assert f"Move the booking {old.code}" in chat.last()
    chat.tap(chat.button("Move it"))
    old.refresh_from_db()
    new = Booking.objects.get(status="rebooked")
    assert old.status == "cancelled" and new.code != old.code and new.service == old.service
    assert any(f"Your new ticket code: {new.code}" in text for text in chat.replies())
    chat.text("/bookings")
    assert new.code in chat.last() and "re-booked" in chat.last() and "cancelled" in chat.last()
    assert not any(old.code in b["text"] for b in chat.buttons())  # the cancelled one has no buttons


def test_cancel_asks_first_then_frees_the_seat(chat, centres):
    resident = _resident(OWNER)
    booking = _booked_tomorrow_or_later(resident)
    chat.text("/bookings")
    chat.tap(chat.button(f"Cancel {booking.code}"))
    assert "Cancel this booking?" in chat.last() and booking.code in chat.last()
    chat.tap(chat.button("No, keep it"))
    booking.refresh_from_db()
    assert booking.status == "booked" and chat.last() == f"The booking {booking.code} is kept."
    chat.text("/bookings")
    chat.tap(chat.button(f"Cancel {booking.code}"))
    chat.tap(chat.button("Yes, cancel it"))
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert chat.last() == f"The booking {booking.code} is cancelled; the time is free for others."
    assert services.free_seats(booking.slot) == booking.slot.capacity


def test_a_refusal_names_the_rule_the_nearest_day_and_offers_another_day(chat, centres):
    resident = _resident(OWNER)
    first = _booked_tomorrow_or_later(resident)
    _to_days(chat, service="Passport")
    _pick_day(chat, after=first.local_date)
    _pick_time(chat)
    chat.tap(chat.button("✅ Book"))
    refusal = chat.last()
    assert "one day only" in refusal
    assert f"Nearest allowed day: {first.local_date + timedelta(days=10):%d.%m.%Y}" in refusal
    chat.tap(chat.button("Another day"))
    assert "Choose the day" in chat.last()
    _pick_day(chat, exactly=first.local_date)
    _pick_time(chat)
    chat.tap(chat.button("✅ Book"))
    assert "Only one documentation service may be booked on one day." in chat.last()
    assert "Nearest allowed day" not in chat.last()
    chat.tap(chat.button("Cancel"))
    assert chat.last() == "Cancelled."
    assert list(Booking.objects.values_list("code", flat=True)) == [first.code]


def test_re_registration_is_booked_only_by_the_owner_of_the_plate(chat, centres):
    resident = _resident(OWNER)
    _to_days(chat, service="Vehicle re-registration", centre="Auto-PSC")
    _pick_day(chat)
    _pick_time(chat)
    assert "plate number or the VIN" in chat.last()
    chat.text("000ZZZ00")
    assert "Vehicle: 000ZZZ00" in chat.last()
    chat.tap(chat.button("✅ Book"))
    assert "No vehicle with this plate or VIN" in chat.last()
    chat.tap(chat.button("Another plate or VIN"))
    chat.text("777 aaa 01")
    chat.tap(chat.button("✅ Book"))
    booking = Booking.objects.get()
    assert booking.user == resident and booking.vehicle.plate == "777AAA01"
    assert any(f"Your ticket code: {booking.code}" in text for text in chat.replies())


def test_someone_elses_plate_is_refused(chat, centres):
    _resident(OTHER)
    _to_days(chat, service="Vehicle re-registration", centre="Auto-PSC")
    _pick_day(chat)
    _pick_time(chat)
    chat.text("777AAA01")
    chat.tap(chat.button("✅ Book"))
    assert "only in the name of the seller" in chat.last()
    assert not Booking.objects.exists()


def test_a_forged_button_for_someone_elses_booking_changes_nothing(chat, centres):
    _resident(OWNER)
    theirs = _booked_tomorrow_or_later(UserFactory(iin=OTHER))
    chat.tap(f"bkg:{theirs.code}:cancel_yes")
    assert chat.last() == "This is not your booking."
    chat.tap(f"bkg:{theirs.code}:cancel")
    assert chat.last() == "This booking was not found."
    chat.tap(f"bkg:{theirs.code}:rebook")
    assert chat.last() == "This booking was not found."
    chat.tap("bkg:NOSUCH:cancel_yes")
    assert chat.last() == "This booking was not found."
    theirs.refresh_from_db()
    assert theirs.status == "booked" and Booking.objects.count() == 1


def test_back_and_cancel(chat, centres):
    resident = _resident()
    chat.text("/book")
    chat.text("✖️ Cancel")
    assert chat.last() == "Cancelled."
    resident.refresh_from_db()
    assert resident.iin == ""

    User.objects.filter(pk=resident.pk).update(iin=OWNER)
    chat.text("/book")
    chat.text("⬅️ Back")  # Back at the first step leaves the flow
    assert chat.last() == "Choose an action from the menu."

    chat.text("/book")
    chat.tap(chat.button("ID card"))
    assert "Choose the centre" in chat.last()
    chat.tap(chat.button("Back"))
    assert chat.last() == "Choose the service:"
    assert chat.server.calls("editMessageText")
    chat.tap(chat.button("ID card"))
    chat.tap(chat.button("Yesil"))
    chat.text("⬅️ Back")
    assert "Choose the centre" in chat.last()
    chat.text("hello")
    assert "Choose with the buttons" in chat.last()
    chat.tap(chat.button("Cancel"))
    assert chat.last() == "Cancelled."
    chat.text("hello")
    assert chat.last() == "Choose an action from the menu."
    chat.tap("bsvc:1")  # a button of a flow that is over
    answer = chat.server.calls("answerCallbackQuery")[-1]
    assert "Start again with /book" in answer.params["text"]
    assert not Booking.objects.exists()


def test_the_vehicle_step_goes_back_to_the_times(chat, centres):
    _resident(OWNER)
    _to_days(chat, service="Vehicle re-registration", centre="Auto-PSC")
    _pick_day(chat)
    _pick_time(chat)
    chat.text("⬅️ Back")
    assert "choose the time" in chat.last()
    _pick_time(chat)
    chat.text("777AAA01")
    chat.tap(chat.button("Back"))
    assert "plate number or the VIN" in chat.last()


def test_the_flow_speaks_the_residents_language(chat, centres):
    User.objects.create(username="tg", telegram_id=USER_ID, language="ru", iin=OWNER)
    chat.text("/book")
    chat.tap(chat.button("Получение удостоверения личности"))
    chat.tap(chat.button("ЦОН района Есиль"))
    assert _offered_days(chat) and all("·" in b["text"] for b in _data(chat, "bday:"))
    _pick_day(chat)
    _pick_time(chat)
    assert "Получение удостоверения личности" in chat.last()
