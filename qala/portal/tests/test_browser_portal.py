"""A visitor searches for a guide, opens it, and follows its link to file an appeal."""

import os
import re
import shutil

import pytest

from qala.accounts.tests.factories import PASSWORD, UserFactory
from qala.portal.tests.test_portal import guide

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not shutil.which(CHROMIUM) and not os.environ.get("QALA_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed (CI installs it and requires it)", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_a_guide_and_go_on_to_file_an_appeal(page, live_server, city):
    guide(
        "register-residence",
        {
            "kk": ("Тұрғылықты жері бойынша тіркелу", "Мекенжай бойынша тіркелу"),
            "ru": ("Регистрация по месту жительства", "Как зарегистрироваться"),
        },
        next_step="file_appeal",
    )
    resident = UserFactory()
    page.goto(f"{live_server.url}/kk/accounts/login/")
    page.fill("input[name=login]", resident.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/kk/$"))

    page.fill("form.search input[name=q]", "тиркелу")  # typed with Russian letters
    page.press("form.search input[name=q]", "Enter")
    page.click("text=Тұрғылықты жері бойынша тіркелу")
    page.wait_for_url(re.compile(r"/kk/guide/register-residence/$"))
    page.click("a.button.primary[href$='/kk/appeal/']")
    page.wait_for_url(re.compile(r"/kk/appeal/$"))
    assert page.is_visible("form#formal-form")
