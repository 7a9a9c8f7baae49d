"""The fake Bot API server speaks well enough for the real aiogram: requests, uploads, errors, files, polling."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.filters import CommandStart
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    Update,
)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
KEYBOARD = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="★", callback_data="rate:7:1")]])


def run(fake_telegram, bot_token, scenario):
    """Run ``scenario(bot)`` on a fresh event loop with a bot pointed at the fake server, closing its session."""

    async def main():
        session = AiohttpSession(api=TelegramAPIServer.from_base(fake_telegram.base_url))
        async with Bot(bot_token, session=session) as bot:
            return await scenario(bot)

    # A thread of its own: a browser test may have left an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


def test_get_me(fake_telegram, bot_token):
    me = run(fake_telegram, bot_token, lambda bot: bot.get_me())
    assert me.id == 123456 and me.is_bot and me.username == "qala_test_bot"
    assert [call.method for call in fake_telegram.calls()] == ["getMe"]


def test_send_and_edit_message(fake_telegram, bot_token):
    async def scenario(bot):
        sent = await bot.send_message(42, "Сәлем! Your appeal was created.", reply_markup=KEYBOARD)
        edited = await bot.edit_message_text("Thank you!", chat_id=42, message_id=sent.message_id)
        return sent, edited

    sent, edited = run(fake_telegram, bot_token, scenario)
    assert sent.chat.id == 42 and sent.text == "Сәлем! Your appeal was created."
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "rate:7:1"
    assert edited.message_id == sent.message_id and edited.text == "Thank you!" and edited.reply_markup is None
    call = fake_telegram.calls("sendMessage")[0]
    assert call.params["chat_id"] == "42" and call.params["text"] == sent.text
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "rate:7:1"
    assert fake_telegram.calls("editMessageText")[0].params["message_id"] == str(sent.message_id)


def test_send_photo_records_the_uploaded_bytes(fake_telegram, bot_token):
    photo = BufferedInputFile(PNG, filename="after.png")
    message = run(fake_telegram, bot_token, lambda bot: bot.send_photo(42, photo, caption="Дайын ✓"))
    assert message.caption == "Дайын ✓" and message.photo[-1].file_id
    call = fake_telegram.calls("sendPhoto")[0]
    assert call.files == {"photo": PNG} and call.params["photo"].startswith("attach://")


def test_send_media_group_of_two_photos(fake_telegram, bot_token):
    before = InputMediaPhoto(media=BufferedInputFile(PNG[::-1], "before.png"), caption="Before")
    media = [before, InputMediaPhoto(media=BufferedInputFile(PNG, "after.png"))]
    messages = run(fake_telegram, bot_token, lambda bot: bot.send_media_group(42, media))
    assert len(messages) == 2 and messages[0].caption == "Before" and messages[0].media_group_id
    assert messages[0].message_id < messages[1].message_id
    call = fake_telegram.calls("sendMediaGroup")[0]
    assert call.files == {"media.0": PNG[::-1], "media.1": PNG}
    assert [item["type"] for item in call.params["media"]] == ["photo", "photo"]


def test_answer_callback_query_and_keyboard_edit(fake_telegram, bot_token):
    async def scenario(bot):
        await bot.answer_callback_query("cb-1", text="Thanks!")
        return await bot.edit_message_reply_markup(chat_id=42, message_id=5, reply_markup=None)

    edited = run(fake_telegram, bot_token, scenario)
    assert isinstance(edited, Message) and edited.reply_markup is None
    assert fake_telegram.calls("answerCallbackQuery")[0].params == {"callback_query_id": "cb-1", "text": "Thanks!"}


def test_blocked_user_and_flood_errors(fake_telegram, bot_token):
    fake_telegram.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    fake_telegram.fail_next("sendMessage", 429, retry_after=7)

    async def scenario(bot):
        with pytest.raises(TelegramForbiddenError, match="blocked"):
            await bot.send_message(42, "Hello")
        with pytest.raises(TelegramRetryAfter) as flood:
            await bot.send_message(42, "Hello")
        assert flood.value.retry_after == 7
        return await bot.send_message(42, "Hello")

    # Each failure answers one call; the refused attempts are recorded with their error code.
    assert run(fake_telegram, bot_token, scenario).text == "Hello"
    assert [call.error_code for call in fake_telegram.calls("sendMessage")] == [403, 429, None]


def test_get_file_and_download(fake_telegram, bot_token):
    fake_telegram.add_file("resident-photo", PNG)

    async def scenario(bot):
        file = await bot.get_file("resident-photo")
        return file, (await bot.download_file(file.file_path)).read()

    file, content = run(fake_telegram, bot_token, scenario)
    assert content == PNG and file.file_id == "resident-photo"


def test_polling_round(fake_telegram, bot_token):
    update = fake_telegram.push_update(fake_telegram.make_message_update("/start", user_id=42, first_name="Aigerim"))
    dispatcher = Dispatcher()

    @dispatcher.message(CommandStart())
    async def greet(message: Message):
        await message.answer(f"Сәлем, {message.from_user.first_name} ({message.from_user.language_code})!")

    async def scenario(bot):
        polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False))
        await fake_telegram.wait_for_async("sendMessage")
        await fake_telegram.wait_for_async("getUpdates", count=2)
        await dispatcher.stop_polling()
        await polling

    run(fake_telegram, bot_token, scenario)
    reply = fake_telegram.calls("sendMessage")[0]
    assert reply.params["chat_id"] == "42" and reply.params["text"] == "Сәлем, Aigerim (kk)!"
    # The second getUpdates confirms the first update, so it is not delivered again.
    assert fake_telegram.calls("getUpdates")[1].params["offset"] == str(update["update_id"] + 1)
    assert len(fake_telegram.calls("sendMessage")) == 1


def test_update_builders_parse_as_aiogram_updates(fake_telegram, bot_token):
    sent = run(fake_telegram, bot_token, lambda bot: bot.send_message(42, "Rate the work", reply_markup=KEYBOARD))
    updates = [
        fake_telegram.make_message_update("hello", user_id=42),
        fake_telegram.make_callback_update("rate:7:4", user_id=42),
        fake_telegram.make_photo_update(PNG, caption="pothole", user_id=42),
        fake_telegram.make_location_update(43.2389, 76.8897, user_id=42),
        fake_telegram.make_contact_update("+77011234567", user_id=42),
        fake_telegram.make_sticker_update(user_id=42),
    ]
    parsed = [Update.model_validate(update) for update in updates]
    assert len({update.update_id for update in parsed}) == 6
    assert all(update.event.from_user.id == 42 and update.event.from_user.language_code == "kk" for update in parsed)
    assert parsed[0].message.chat.id == 42 and parsed[0].message.chat.type == "private"
    # A callback arrives on the bot's own last message in that chat, keyboard included.
    assert parsed[1].callback_query.message.message_id == sent.message_id
    assert parsed[1].callback_query.message.reply_markup.inline_keyboard[0][0].callback_data == "rate:7:1"
    assert parsed[3].message.location.latitude == 43.2389 and parsed[4].message.contact.user_id == 42
    assert parsed[5].message.sticker.file_id and parsed[2].message.caption == "pothole"

    # The resident's photo can be fetched through getFile and the file URL, as the bot will do.
    async def download(bot):
        file = await bot.get_file(parsed[2].message.photo[-1].file_id)
        return (await bot.download_file(file.file_path)).read()

    assert run(fake_telegram, bot_token, download) == PNG


def test_json_and_get_requests_and_unknown_files(fake_telegram, bot_token):
    """Other clients (python-telegram-bot, curl) send JSON bodies or query strings."""
    api = f"{fake_telegram.base_url}/bot{bot_token}"
    request = Request(f"{api}/sendMessage", data=json.dumps({"chat_id": 42, "text": "Hi"}).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    with urlopen(request) as response:
        assert json.load(response)["result"]["text"] == "Hi"
    with urlopen(f"{api}/setMyCommands?commands=%5B%5D") as response:
        assert json.load(response) == {"ok": True, "result": True}
    assert fake_telegram.calls("sendMessage")[0].params == {"chat_id": 42, "text": "Hi"}
    assert fake_telegram.calls("setMyCommands")[0].params == {"commands": []}
    with pytest.raises(HTTPError) as missing:
        urlopen(f"{api}/getFile?file_id=nope")
    assert missing.value.code == 400
    missing.value.close()
    with pytest.raises(HTTPError) as missing:
        urlopen(f"{fake_telegram.base_url}/file/bot{bot_token}/files/nope")
    assert missing.value.code == 404
    missing.value.close()
