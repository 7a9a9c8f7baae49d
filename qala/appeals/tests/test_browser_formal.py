"""Sign up, open the activation link from the e-mail, file a formal complaint with an attachment, find it."""

import os
import re
import shutil
from urllib.parse import urlsplit

import pytest
from captcha.models import CaptchaStore
from django.core import mail

from qala.appeals.models import Appeal
from qala.appeals.tests.test_formal import PDF

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
if not shutil.which(CHROMIUM) and not os.environ.get("QALA_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed (CI installs it and requires it)", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL, PASSWORD = "dana.serikova@example.kz", "Qala-Tazа-2026!"


def test_sign_up_activate_and_file_a_complaint_with_an_attachment(page, live_server, city, tmp_path):
    letter = tmp_path / "complaint.pdf"
    letter.write_bytes(PDF)

    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.fill("input[name=name]", "Дана Серикова")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=agreement]")
    key = page.input_value("input[name=captcha_0]")
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)  # what the picture shows
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    page.click("form button[type=submit]")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/en/$"))

    page.goto(f"{live_server.url}/en/appeal/")
    page.check("input[name=applicant_type][value=individual]")
    page.fill("input[name=iin]", "900115300003")
    page.fill("input[name=full_name]", "Дана Серикова")
    page.fill("input[name=city]", "Астана")
    page.fill("input[name=street]", "ул. Кенесары")
    page.fill("input[name=house]", "40")
    page.fill("input[name=phone]", "+7 701 234 56 78")
    page.fill("input[name=email]", EMAIL)
    page.select_option("select[name=kind]", "complaint")
    page.fill("input[name=title]", "Courtyard not cleaned")
    page.fill("textarea[name=text]", "The courtyard has not been cleaned for three weeks.")
    page.select_option("select[name=district_territory]", label="Astana — Yesil district")
    page.set_input_files("input[name=attachments]", str(letter))
    page.click("button:has-text('Send the appeal')")

    page.wait_for_selector("text=Your appeal was created.")
    number = page.text_content(".number").strip()
    page.click("text=My appeals")
    page.wait_for_selector(f"text={number}")
    assert "complaint.pdf" in page.content() and "Courtyard not cleaned" in page.content()
    assert Appeal.objects.get(number=number).attachments.count() == 1
