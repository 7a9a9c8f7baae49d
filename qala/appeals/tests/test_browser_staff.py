"""Operator assigns → executor completes with a photo → resident confirms with five stars, each in a browser."""

import os
import re
import shutil

import pytest

from qala.accounts.models import User
from qala.accounts.tests.factories import PASSWORD
from qala.appeals.models import Appeal
from qala.appeals.tests.factories import jpeg_bytes, organisation, staff, submitted_appeal

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not shutil.which(CHROMIUM) and not os.environ.get("QALA_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed (CI installs it and requires it)", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/en/$"))
    return page


def test_operator_executor_and_resident_each_do_their_part(browser, live_server, city, tmp_path):
    roads = organisation("roads")
    operator = staff(User.Role.OPERATOR)
    executor = staff(User.Role.EXECUTOR, organisation=roads, territory=None)
    appeal = submitted_appeal()
    photo = tmp_path / "after.jpg"
    photo.write_bytes(jpeg_bytes((800, 600), (40, 160, 60)))

    desk = signed_in(browser, live_server, operator)
    desk.click("text=Queue")
    desk.click(f"text={appeal.number}")
    desk.select_option("select[name=organisation]", label="roads en")
    desk.click("button:has-text('Assign')")
    desk.wait_for_selector(f"text=Appeal {appeal.number} was assigned.")

    field = signed_in(browser, live_server, executor)
    field.click("text=Tasks")
    field.click(f"text={appeal.number}")
    field.click("button:has-text('Start work')")
    field.wait_for_selector("text=Work started.")
    field.fill("textarea[name=answer]", "Pothole filled with hot asphalt")
    field.set_input_files("form:has(input[value=complete]) input[type=file]", str(photo))
    field.click("button:has-text('Complete')")
    field.wait_for_selector("text=The work is done")

    home = signed_in(browser, live_server, appeal.applicant)
    home.click("text=My appeals")
    home.click(f"a:has-text('{appeal.number}')")
    home.wait_for_selector("text=Is the problem fixed?")
    assert "Pothole filled with hot asphalt" in home.content()
    home.check("input[name=rating][value='5']")
    home.fill("textarea[name=comment]", "Quick and clean, thank you")
    home.click("button:has-text('Yes, confirm')")
    home.wait_for_selector("text=Thank you! The appeal is closed.")

    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating, appeal.organisation, appeal.executor) == ("closed", 5, roads, executor)
    assert Appeal.objects.get(pk=appeal.pk).photos.filter(stage="after").count() == 1
