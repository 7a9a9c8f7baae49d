"""Book a PSC slot, see the ticket, re-book, cancel — in a browser."""

import os
import re
import shutil

import pytest

from qala.accounts.tests.factories import PASSWORD, UserFactory
from qala.booking import demo
from qala.booking.models import Booking

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
