"""The outbox's Telegram channel: the worker sends a notification as a chat message.

A message that fails for a passing reason (network, Telegram busy) raises, and the outbox retries it
with backoff; a user who blocked the bot is marked and the message is given up.
"""

from dataclasses import dataclass, field

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiogram.utils.media_group import MediaGroupBuilder
from asgiref.sync import async_to_sync
from django.utils import translation

from qala.accounts import services as accounts
from qala.notifications import rendering
from qala.notifications.delivery import Undeliverable

from . import keyboards as kb
from .client import make_bot

PHOTO_KINDS = {"done": ("after",), "task_assigned": ("report",), "reassigned": ("report",)}
LOCATION_KINDS = {"task_assigned", "reassigned"}


@dataclass
class Outgoing:
    chat_id: int
    text: str
    photos: list[bytes] = field(default_factory=list)
    location: tuple[float, float] | None = None
    keyboard: InlineKeyboardMarkup | None = None


def send_telegram(notification) -> None:
    user = notification.recipient
    if not user.telegram_id or user.telegram_blocked_at or not user.is_active:
        raise Undeliverable("The recipient has no Telegram chat with the bot.")
    outgoing = compose(notification)
    try:
        async_to_sync(_deliver)(outgoing)
    except TelegramForbiddenError as error:
        accounts.telegram_blocked(user)
        raise Undeliverable("The user blocked the bot.") from error
    except TelegramBadRequest as error:
        raise Undeliverable(str(error)) from error


def compose(notification) -> Outgoing:
    """The message in the recipient's language, with the photos, the point and the buttons it needs."""
    user, appeal = notification.recipient, notification.appeal
    with translation.override(rendering.language_of(user)):
        rendered = rendering.render(notification)
        outgoing = Outgoing(chat_id=user.telegram_id, text=f"{rendered.subject}\n\n{rendered.text}"[:4000])
        if appeal is None:
            return outgoing
        stages = PHOTO_KINDS.get(notification.kind, ())
        if stages:  # most kinds carry no photos: no query for them
            outgoing.photos = [_read(photo.thumbnail) for photo in appeal.photos.filter(stage__in=stages)[:5]]
        if notification.kind in LOCATION_KINDS:
            outgoing.location = (float(appeal.latitude), float(appeal.longitude))
        if notification.kind == "done":
            outgoing.keyboard = kb.rating(appeal.number)
        else:
            outgoing.keyboard = kb.open_appeal(appeal.number)
    return outgoing


def _read(file) -> bytes:
    with file.open("rb") as handle:
        return handle.read()


async def _deliver(outgoing: Outgoing) -> None:
    bot = make_bot()
    try:
        if len(outgoing.photos) == 1:
            await bot.send_photo(outgoing.chat_id, BufferedInputFile(outgoing.photos[0], filename="photo.jpg"))
        elif outgoing.photos:
            group = MediaGroupBuilder()
            for index, content in enumerate(outgoing.photos):
                group.add_photo(BufferedInputFile(content, filename=f"photo-{index}.jpg"))
            await bot.send_media_group(outgoing.chat_id, media=group.build())
        if outgoing.location:
            await bot.send_location(outgoing.chat_id, latitude=outgoing.location[0], longitude=outgoing.location[1])
        await bot.send_message(outgoing.chat_id, outgoing.text, reply_markup=outgoing.keyboard)
    finally:
        await bot.session.close()
