"""The Web App form opens inside Telegram's view with valid signed initData, and a forged one is refused."""

import json
import os
import re
import shutil
import time
from urllib.parse import quote

import pytest

from qala.accounts.models import User
from qala.accounts.telegram_auth import sign_webapp_init_data
from qala.appeals.models import ReportDraft
from qala.appeals.tests.factories import jpeg_bytes

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not shutil.which(CHROMIUM) and not os.environ.get("QALA_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed (CI installs it and requires it)", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOKEN = "123456:TEST-TOKEN"


def signed(user_id=700_000_042):
    fields = {
        "auth_date": str(int(time.time())),
        "query_id": "AAH",
        "user": json.dumps({"id": user_id, "first_name": "Aigerim", "language_code": "en"}),
    }
    return sign_webapp_init_data(fields, bot_token=TOKEN)


@pytest.fixture
def telegram_page(page, settings):
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    page.route(re.compile(r"https://telegram\.org/.*"), lambda route: route.abort())  # no outside hosts in tests
    return page


def test_the_form_opens_signed_in_and_takes_a_photo(telegram_page, live_server, city, tmp_path):
    photo = tmp_path / "pothole.jpg"
    photo.write_bytes(jpeg_bytes())
    telegram_page.goto(f"{live_server.url}/en/tg/webapp/#tgWebAppData={quote(signed())}&tgWebAppVersion=8.0")
    telegram_page.wait_for_url(re.compile(r"/en/report/$"))
    assert telegram_page.is_hidden("header.top")
    telegram_page.set_input_files("input[name=photos][multiple]", str(photo))
    telegram_page.wait_for_selector("#draft-photos img")
    user = User.objects.get(telegram_id=700_000_042)
    assert ReportDraft.objects.get(user=user).photos.count() == 1


def test_a_forged_init_data_shows_an_error_and_signs_nobody_in(telegram_page, live_server, city):
    forged = signed().replace("Aigerim", "Mallory")
    telegram_page.goto(f"{live_server.url}/en/tg/webapp/#tgWebAppData={quote(forged)}")
    telegram_page.wait_for_selector("#webapp-error:not([hidden])")
    assert "Telegram could not confirm who you are" in telegram_page.text_content("#webapp-error")
    assert not User.objects.filter(telegram_id=700_000_042).exists()
