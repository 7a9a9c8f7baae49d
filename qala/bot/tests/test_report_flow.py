"""The resident reports a problem inside the chat, through the real aiogram Dispatcher."""

import io
from pathlib import Path

import pytest
from PIL import Image

from qala.accounts.models import User
from qala.appeals.models import Appeal, ReportDraft
from qala.appeals.tests.factories import jpeg_bytes
from qala.bot.tests.fake_telegram import USER_ID

pytestmark = pytest.mark.django_db


def photo_update(chat, content=None):
    return chat.server.make_photo_update(content if content is not None else jpeg_bytes())


def test_start_asks_the_language_then_greets_with_the_menu(chat):
    chat.text("/start")
    assert chat.last() == "Тілді таңдаңыз · Выберите язык · Choose your language"
    chat.tap(chat.button("Русский"))
    assert User.objects.get(telegram_id=USER_ID).language == "ru"
    assert "Qala" in chat.last()
    keyboard = chat.server.calls("sendMessage")[-1].params["reply_markup"]
    assert "Новое обращение" in str(keyboard)


def test_new_appeal_offers_the_web_app_and_the_chat(chat):
    User.objects.create(username="tg", telegram_id=USER_ID, language="en")
    chat.text("📝 New appeal")
    buttons = chat.buttons()
    assert any("web_app" in b and b["web_app"]["url"].endswith("/en/tg/webapp/") for b in buttons)
    assert any(b.get("callback_data") == "report:chat" for b in buttons)


def _resident(language="en"):
    return User.objects.create(username="tg", telegram_id=USER_ID, language=language, first_name="Aigerim")


def test_the_whole_report_in_the_chat(chat):
    resident = _resident()
    chat.tap("report:chat")
    assert "Send 1 to 5 photos" in chat.last()
    chat.send(chat.server.make_sticker_update())
    assert chat.last() == "Please send a photo of the problem."
    chat.send(photo_update(chat))
    assert "Photo 1 of 5 saved" in chat.last()
    chat.text("✅ Photos are ready")
    assert "Where is it?" in chat.last()
    chat.send(chat.server.make_location_update(55.7558, 37.6173))  # Moscow
    assert chat.last() == "The point must lie in Kazakhstan."
    chat.send(chat.server.make_location_update(51.1283, 71.4306))
    assert chat.last() == "Choose the category:"
    chat.text("hello")
    assert "Choose the category with the buttons" in chat.last()
    chat.tap(chat.button("Pothole"))
    assert "10 to 2000 characters" in chat.last()
    chat.text("Яма")
    assert "10 to 2000 characters" in chat.last()
    chat.text("Глубокая яма на дороге у подъезда")
    assert "phone" in chat.last()
    chat.text("+7 495 123 45 67")
    assert "Kazakhstani phone number" in chat.last()
    chat.send(chat.server.make_contact_update("+77012345678"))
    assert "Check your appeal" in chat.last() and "Yesil" in chat.last()
    chat.tap(chat.button("Send"))
    appeal = Appeal.objects.get()
    assert f"Your appeal was created. Number: {appeal.number}" in chat.replies()
    assert (appeal.applicant, appeal.source, appeal.contact_phone) == (resident, "bot", "+77012345678")
    assert appeal.territory.code == "KZ-71-yesil" and appeal.photos.count() == 1
    assert not ReportDraft.objects.filter(user=resident).exists()


def test_a_photo_that_is_not_an_image_is_refused(chat):
    _resident()
    chat.tap("report:chat")
    chat.send(photo_update(chat, b"this is not a picture"))
    assert "is not a photo we can read" in chat.last()
    chat.text("✅ Photos are ready")
    assert chat.last() == "Add at least one photo."


def test_the_photo_loses_its_gps(chat):
    _resident()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 7.0, 42.0), 3: "E", 4: (71.0, 25.0, 50.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    chat.tap("report:chat")
    chat.send(photo_update(chat, buffer.getvalue()))
    stored = ReportDraft.objects.get().photos.get()
    assert not Image.open(stored.image.path).getexif()


def test_back_and_cancel(chat):
    resident = _resident()
    chat.tap("report:chat")
    chat.send(photo_update(chat))
    chat.text("✅ Photos are ready")
    chat.text("⬅️ Back")
    assert "Send 1 to 5 photos" in chat.last() and "Photos so far: 1" in chat.last()
    stored = ReportDraft.objects.get(user=resident).photos.get()
    files = [Path(stored.image.path), Path(stored.thumbnail.path)]
    chat.text("✖️ Cancel")
    assert chat.last() == "Cancelled. Nothing was sent."
    assert not ReportDraft.objects.filter(user=resident).exists() and not Appeal.objects.exists()
    assert not any(file.exists() for file in files)  # the photos' files go with the draft


def test_choosing_the_region_with_buttons(chat):
    _resident()
    chat.tap("report:chat")
    chat.send(photo_update(chat))
    chat.text("✅ Photos are ready")
    chat.text("🗺 Choose the region")
    chat.tap(chat.button("Akmola"))
    assert chat.last() == "Choose the district or town:"
    chat.tap(chat.button("Kokshetau"))
    assert chat.last() == "Choose the category:"
    assert ReportDraft.objects.get().territory.code == "KZ-11-kokshetau"
