"""My appeals in the chat, notifications pushed by the bot, and the resident's answer with stars or a dispute."""

import json

import pytest

from qala.accounts.models import User
from qala.appeals.models import Appeal
from qala.appeals.tests.factories import done_appeal, submitted_appeal
from qala.bot.tests.fake_telegram import USER_ID
from qala.notifications import delivery
from qala.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(city):
    return User.objects.create(username="tg", telegram_id=USER_ID, language="en", first_name="Aigerim")


def test_my_appeals_are_paged_newest_first_and_one_shows_its_photos(chat, resident):
    numbers = [submitted_appeal(applicant=resident).number for _ in range(7)]
    chat.text("/my")
    first_page = chat.last()
    assert numbers[-1] in first_page and numbers[2] in first_page and numbers[1] not in first_page
    chat.tap(chat.button("➡️"))
    assert numbers[0] in chat.last() and numbers[1] in chat.last() and numbers[-1] not in chat.last()
    assert chat.server.calls("editMessageText")
    chat.tap(chat.button(numbers[0]))
    assert f"Appeal {numbers[0]}" in chat.last() and "Status: New" in chat.last()
    group = chat.server.calls("sendMediaGroup")[-1]
    assert len(group.files) == 1


def test_someone_elses_appeal_is_not_shown(chat, resident):
    other = submitted_appeal()
    chat.tap(f"show:{other.number}")
    assert chat.last() == "This appeal was not found."


def _deliver_telegram(appeal, kind):
    row = Notification.objects.get(appeal=appeal, kind=kind, channel="telegram")
    delivery.deliver_due()
    row.refresh_from_db()
    return row


def test_done_is_pushed_with_the_after_photo_and_a_rating_keyboard_then_stars_and_comment_close_it(
    chat, resident, django_capture_on_commit_callbacks
):
    appeal = done_appeal(applicant=resident)
    row = _deliver_telegram(appeal, "done")
    assert row.status == "sent"
    photo = chat.server.calls("sendPhoto")[-1]
    assert int(photo.params["chat_id"]) == USER_ID and photo.files
    message = chat.server.calls("sendMessage")[-1]
    assert appeal.number in message.params["text"]
    stars = [b for b in chat.buttons() if b.get("callback_data", "").startswith("rate:")]
    assert len(stars) == 5
    chat.tap(f"rate:{appeal.number}:4")
    assert chat.server.calls("editMessageText")[-1].params["text"].startswith("You gave ⭐⭐⭐⭐")
    chat.text("Спасибо, быстро убрали")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating, appeal.feedback) == ("closed", 4, "Спасибо, быстро убрали")
    assert f"Appeal {appeal.number} is closed" in chat.last()


def test_skip_the_comment(chat, resident):
    appeal = done_appeal(applicant=resident)
    chat.tap(f"rate:{appeal.number}:5")
    chat.tap(f"skip:{appeal.number}")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating, appeal.feedback) == ("closed", 5, "")


def test_dispute_from_the_chat(chat, resident):
    appeal = done_appeal(applicant=resident)
    chat.tap(f"dispute:{appeal.number}")
    assert "What is still wrong" in chat.last()
    chat.text("Яма осталась на месте")
    appeal.refresh_from_db()
    assert appeal.status == "assigned"
    assert appeal.events.last().source == "bot"


def test_nobody_else_can_rate(chat, city):
    User.objects.create(username="tg", telegram_id=USER_ID, language="en")
    appeal = done_appeal()
    chat.tap(f"rate:{appeal.number}:1")
    chat.text("плохо")
    assert "not allowed" in chat.last()
    assert Appeal.objects.get(pk=appeal.pk).status == "done"


def test_a_user_who_blocked_the_bot_is_marked_and_not_retried(fake_telegram, resident):
    appeal = done_appeal(applicant=resident)
    fake_telegram.fail_next("sendPhoto", 403)
    row = _deliver_telegram(appeal, "done")
    resident.refresh_from_db()
    assert row.status == "failed" and resident.telegram_blocked_at is not None
    assert "telegram" not in _channels(resident)


def _channels(user):
    from qala.notifications.services import channels_for

    return channels_for(user)


def test_a_telegram_outage_delays_and_does_not_lose(fake_telegram, resident):
    appeal = done_appeal(applicant=resident)
    fake_telegram.fail_next("sendPhoto", 429)
    row = _deliver_telegram(appeal, "done")
    assert row.status == "pending" and row.attempts == 1
    from datetime import timedelta

    from django.utils import timezone

    delivery.deliver_due(now=timezone.now() + timedelta(hours=1))
    row.refresh_from_db()
    assert row.status == "sent"


def test_an_executor_hears_of_a_new_task_with_photos_and_the_point(fake_telegram, city):
    from qala.accounts.models import User as U
    from qala.appeals.tests.factories import assigned_appeal, organisation, staff

    executor = staff(U.Role.EXECUTOR, organisation=organisation(), territory=None)
    U.objects.filter(pk=executor.pk).update(telegram_id=USER_ID + 5)
    executor.refresh_from_db()
    appeal = assigned_appeal(executor=executor)
    _deliver_telegram(appeal, "task_assigned")
    location = fake_telegram.calls("sendLocation")[-1]
    assert float(location.params["latitude"]) == pytest.approx(float(appeal.latitude))
    assert fake_telegram.calls("sendPhoto") and appeal.number in fake_telegram.calls("sendMessage")[-1].params["text"]
    keyboard = fake_telegram.calls("sendMessage")[-1].params["reply_markup"]
    keyboard = json.loads(keyboard) if isinstance(keyboard, str) else keyboard
    assert keyboard["inline_keyboard"][0][0]["url"].endswith(f"/appeals/{appeal.number}/")
