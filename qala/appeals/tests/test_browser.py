"""A resident walks the three steps in a real browser and finds the appeal in “My appeals”."""

import os
import re
import shutil

import pytest

from qala.accounts.tests.factories import PASSWORD, UserFactory
from qala.appeals.models import Appeal
from qala.appeals.tests.factories import jpeg_bytes

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not shutil.which(CHROMIUM) and not os.environ.get("QALA_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed (CI installs it and requires it)", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BAITEREK = {"latitude": 51.1283, "longitude": 71.4306}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "geolocation": BAITEREK,
        "permissions": ["geolocation"],
        "viewport": {"width": 390, "height": 844},
        "locale": "en-US",
    }


def test_report_a_problem_on_a_phone_and_find_it_in_my_appeals(page, live_server, city, tmp_path):
    resident = UserFactory()
    photo = tmp_path / "pothole.jpg"
    photo.write_bytes(jpeg_bytes((1200, 900)))

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", resident.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/en/$"))

    # Step 1: a photo from the gallery, sent as soon as it is chosen.
    page.goto(f"{live_server.url}/en/report/")
    page.set_input_files("input[name=photos][multiple]", str(photo))
    page.wait_for_selector("#draft-photos img")
    page.click("button[name=next]")

    # Step 2: the phone's location, confirmed.
    page.wait_for_url(re.compile(r"/report/place/$"))
    page.click("#locate")
    page.wait_for_selector("#confirm:not([hidden])")
    assert page.input_value("#id_latitude") == "51.128300"
    page.click("#place-next")

    # Step 3: details; a reload in the middle loses nothing.
    page.wait_for_url(re.compile(r"/report/details/$"))
    page.select_option("#id_category", label="🕳️ Pothole")
    page.fill("#id_description", "Deep pothole in front of the school gate")
    page.fill("#id_address", "Mangilik El 8")
    page.reload()
    assert page.input_value("#id_description") == "Deep pothole in front of the school gate"
    page.fill("#id_contact_phone", "+7 701 234 56 78")
    page.click("text=Done")

    page.wait_for_selector("text=Your appeal was created.")
    number = page.text_content(".number").strip()
    assert Appeal.objects.get(number=number).applicant == resident

    page.click("text=My appeals")
    page.wait_for_selector(f"text={number}")
    assert "Deep pothole in front of the school gate" in page.content()
