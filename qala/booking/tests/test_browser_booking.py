"""Book a PSC slot, see the ticket, re-book, cancel — in a browser."""

import os
import re
import shutil

import pytest

from qala.accounts.tests.factories import PASSWORD, UserFactory
from qala.booking import demo, desk, services
from qala.booking.models import Booking, Service, Slot
from qala.territory.models import Territory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not shutil.which(CHROMIUM) and not os.environ.get("QALA_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed (CI installs it and requires it)", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_see_the_ticket_rebook_and_cancel(page, live_server, city):
    demo.seed("850720400007")
    resident = UserFactory(iin="900115300003")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", resident.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/en/$"))

    page.click("text=Book a PSC slot")
    page.select_option("select[name=service]", "id-card")
    page.wait_for_selector("#centre-map[data-loaded='2']")  # both PSCs on the map; the auto-PSC is not
    page.click("text=PSC of Yesil district")
    page.click("ul.days li a >> nth=1")
    page.click(".slot-grid button >> nth=0")
    page.wait_for_url(re.compile(r"/booking/ticket/\w+/$"))
    code = page.text_content(".ticket-code").strip()
    assert page.is_visible(".qr svg")

    page.click("text=Re-book")
    page.click("ul.days li a >> nth=1")
    page.click(".slot-grid button >> nth=3")
    page.wait_for_url(re.compile(r"/booking/ticket/\w+/$"))
    moved = page.text_content(".ticket-code").strip()
    assert moved != code and page.text_content(".booking-status").strip() == "re-booked"

    page.click("text=Cancel the booking")
    page.wait_for_selector("text=The booking is cancelled")
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}


def test_a_clerk_checks_a_visitor_in_by_code_on_the_day_board(page, live_server, city, monkeypatch):
    demo.seed("850720400007")
    slot = Slot.objects.filter(centre__code="psc-yesil", group="documentation").order_by("start_at").last()
    booking = services.book(
        user=UserFactory(iin="900115300003"), slot=slot, service=Service.objects.get(code="id-card")
    )
    monkeypatch.setattr(desk, "today", lambda: booking.local_date)  # the visitor comes on the booked day
    clerk = UserFactory(role="psc_staff", username="clerk")
    clerk.territories.add(Territory.objects.get(code="KZ-71-yesil"))
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", clerk.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.click("text=PSC desk")
    page.wait_for_url(re.compile(r"/booking/desk/psc-yesil/$"))
    assert page.is_visible(f"table.desk >> text={booking.code}")
    page.fill("#check-in input[name=code]", booking.code.lower())
    page.click("#check-in button")
    page.wait_for_selector(f"text={booking.code} checked in")
    assert Booking.objects.get(pk=booking.pk).status == "attended"
