"""Linking a chat to a web account, the webhook's secret, and signing in from the Web App."""

import json
import time

import pytest

from qala.accounts.models import User
from qala.accounts.telegram_auth import sign_login_widget, sign_webapp_init_data
from qala.accounts.tests.factories import UserFactory
from qala.appeals.tests.factories import submitted_appeal
from qala.bot.tests.fake_telegram import USER_ID

pytestmark = pytest.mark.django_db


def init_data(token, *, user_id=USER_ID, auth_date=None, **extra):
    fields = {
        "auth_date": str(auth_date or int(time.time())),
        "query_id": "AAH",
        "user": json.dumps({"id": user_id, "first_name": "Aigerim", "language_code": "kk"}),
        **extra,
    }
    return sign_webapp_init_data(fields, bot_token=token)


def test_a_link_code_from_the_profile_links_the_chat_and_brings_the_bot_appeals_along(chat, client):
    web = UserFactory()
    client.force_login(web)
    page = client.post("/en/profile/telegram/code/", follow=True).content.decode()
    code = web.telegram_link_codes.get().code
    assert f"/link {code}" in page
    chat.text("/start", language_code="en")  # first contact makes a bot-only account
    bot_only = User.objects.get(telegram_id=USER_ID)
    earlier = submitted_appeal(applicant=bot_only)
    chat.text(f"/link {code}", language_code="en")
    web.refresh_from_db()
    earlier.refresh_from_db()
    assert web.telegram_id == USER_ID and earlier.applicant == web
    assert not User.objects.get(pk=bot_only.pk).is_active
    chat.text(f"/link {code}", language_code="en")
    assert "wrong or has expired" in chat.last()


def test_a_wrong_code_is_refused(chat):
    chat.text("/link 00000000", language_code="en")
    assert "wrong or has expired" in chat.last()


def test_the_webhook_refuses_a_missing_or_wrong_secret(client, settings, fake_telegram):
    settings.TELEGRAM_WEBHOOK_PATH, settings.TELEGRAM_WEBHOOK_SECRET = "hook-path", "s3cret"
    update = fake_telegram.make_message_update("/help")
    url = "/telegram/hook-path/"
    assert client.post(url, update, content_type="application/json").status_code == 403
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
    assert client.post(url, update, content_type="application/json", headers=wrong).status_code == 403
    assert (
        client.post(
            "/telegram/other/",
            update,
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"},
        ).status_code
        == 404
    )
    assert not fake_telegram.calls("sendMessage")
    right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    assert client.post(url, update, content_type="application/json", headers=right).status_code == 200
    assert "/new" in fake_telegram.calls("sendMessage")[-1].params["text"]


def test_the_web_app_signs_the_resident_in_with_valid_init_data(client, settings, city):
    settings.TELEGRAM_BOT_TOKEN = "123456:TEST-TOKEN"
    response = client.post(
        "/en/tg/webapp/session/", {"init_data": init_data(settings.TELEGRAM_BOT_TOKEN)}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["next"] == "/en/report/"
    user = User.objects.get(telegram_id=USER_ID)
    assert client.session["_auth_user_id"] == str(user.pk) and client.session["telegram_webapp"]
    assert "telegram-web-app.js" in client.get("/en/report/").content.decode()


@pytest.mark.parametrize("forge", ["altered", "wrong_hash", "stale", "no_hash", "other_bot"])
def test_forged_altered_or_stale_init_data_is_refused(client, settings, city, forge):
    settings.TELEGRAM_BOT_TOKEN = token = "123456:TEST-TOKEN"
    data = init_data(token)
    if forge == "altered":
        data = data.replace(str(USER_ID), str(USER_ID + 1))
    elif forge == "wrong_hash":
        data = data[:-4] + "0000"
    elif forge == "stale":
        data = init_data(token, auth_date=int(time.time()) - 3 * 24 * 3600)
    elif forge == "no_hash":
        data = "&".join(part for part in data.split("&") if not part.startswith("hash="))
    elif forge == "other_bot":
        data = init_data("654321:OTHER-TOKEN")
    response = client.post("/en/tg/webapp/session/", {"init_data": data}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "telegram_invalid"
    assert not User.objects.filter(telegram_id__in=[USER_ID, USER_ID + 1]).exists()
    assert "_auth_user_id" not in client.session


def test_telegram_login_on_the_web_links_the_signed_in_account(client, settings, city):
    settings.TELEGRAM_BOT_TOKEN = "123456:TEST-TOKEN"
    web = UserFactory()
    client.force_login(web)
    signed = sign_login_widget(
        {"id": str(USER_ID), "first_name": "Aigerim", "auth_date": str(int(time.time()))},
        bot_token=settings.TELEGRAM_BOT_TOKEN,
    )
    client.get("/en/profile/telegram/login/", signed)
    web.refresh_from_db()
    assert web.telegram_id == USER_ID
    forged = {**signed, "id": str(USER_ID + 9)}
    client.get("/en/profile/telegram/login/", forged)
    assert not User.objects.filter(telegram_id=USER_ID + 9).exists()


def test_the_bot_sets_its_commands_and_the_web_app_menu_button(fake_telegram, settings):
    from asgiref.sync import async_to_sync

    from qala.bot.client import make_bot
    from qala.bot.setup import configure

    settings.QALA_SITE_URL = "https://qala.example.kz"

    async def run():
        bot = make_bot()
        try:
            await configure(bot)
        finally:
            await bot.session.close()

    async_to_sync(run)()
    commands = {call.params["language_code"]: call.params["commands"] for call in fake_telegram.calls("setMyCommands")}
    assert set(commands) == {"kk", "ru", "en"} and [c["command"] for c in commands["ru"]] == [
        "new",
        "my",
        "book",
        "bookings",
        "help",
        "language",
    ]
    button = fake_telegram.calls("setChatMenuButton")[-1].params["menu_button"]
    assert button["web_app"]["url"] == "https://qala.example.kz/kk/tg/webapp/"


def test_conversation_steps_live_in_redis_when_it_is_configured(settings):
    from aiogram.fsm.storage.memory import MemoryStorage
    from aiogram.fsm.storage.redis import RedisStorage

    from qala.bot.client import storage

    settings.REDIS_URL = ""
    assert isinstance(storage(), MemoryStorage)
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert isinstance(storage(), RedisStorage)  # made without connecting; several workers then share the steps
