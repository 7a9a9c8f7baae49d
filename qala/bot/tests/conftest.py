import pytest

from qala.bot.tests.fake_telegram import FakeTelegram


@pytest.fixture
def bot_token():
    return "123456:TEST-TOKEN"


@pytest.fixture
def fake_telegram(settings, bot_token):
    """A fake Bot API server on 127.0.0.1, with the settings pointing the bot at it; stopped after the test."""
    with FakeTelegram(bot_token=bot_token) as server:
        settings.TELEGRAM_BOT_TOKEN = bot_token
        settings.TELEGRAM_API_BASE = server.base_url
        yield server


class Chat:
    """A resident's chat with the real bot: updates go through aiogram's Dispatcher, replies to the fake server."""

    def __init__(self, server):
        self.server = server

    def send(self, update: dict) -> None:
        from asgiref.sync import async_to_sync

        async_to_sync(self._feed)(update)

    async def _feed(self, update):
        from qala.bot.client import dispatcher, make_bot

        bot = make_bot()
        try:
            await dispatcher().feed_raw_update(bot, update)
        finally:
            await bot.session.close()

    def text(self, value, **kwargs):
        self.send(self.server.make_message_update(value, **kwargs))

    def tap(self, data, **kwargs):
        self.send(self.server.make_callback_update(data, **kwargs))

    def replies(self) -> list[str]:
        return [
            call.params.get("text", "")
            for call in self.server.calls()
            if call.method in ("sendMessage", "editMessageText")
        ]

    def last(self) -> str:
        return self.replies()[-1]

    def buttons(self) -> list[dict]:
        """The inline buttons of the bot's last message that had any."""
        import json

        for call in reversed(self.server.calls()):
            markup = call.params.get("reply_markup")
            markup = json.loads(markup) if isinstance(markup, str) else markup
            if markup and "inline_keyboard" in markup:
                return [button for row in markup["inline_keyboard"] for button in row]
        return []

    def button(self, text_part: str) -> str:
        return next(b["callback_data"] for b in self.buttons() if text_part in b["text"] and "callback_data" in b)


@pytest.fixture
def chat(fake_telegram, city):
    from qala.bot.client import dispatcher

    dispatcher().fsm.storage.storage.clear()
    return Chat(fake_telegram)
