from datetime import UTC, datetime

import pytest
from django.utils import translation

from qala.appeals.models import Photo
from qala.appeals.photos import process_image
from qala.appeals.services import photo_create
from qala.appeals.tests.factories import jpeg_bytes
from qala.notifications import rendering
from qala.notifications.models import Channel, Notification

pytestmark = pytest.mark.django_db

KINDS = [
    "assigned",
    "task_assigned",
    "done",
    "rejected",
    "merged",
    "disputed",
    "extension_requested",
    "deadline_extended",
    "extension_refused",
    "deadline_breached",
    "auto_closed",
    "reassigned",
]
CONTEXT = {"reason": "Not our street", "parent": "ABC-123", "deadline": "2025-03-20T04:00:00+00:00"}


def message(recipient, appeal, kind, **context):
    return Notification(recipient=recipient, channel=Channel.EMAIL, kind=kind, appeal=appeal, key=kind, context=context)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_its_own_words(appeal, resident, kind):
    generic = rendering.render(message(resident, appeal, "generic"), "en")

    subject, text = rendering.render(message(resident, appeal, kind, **CONTEXT), "en")

    assert appeal.number in subject
    assert "\n" not in subject
    assert subject != generic.subject
    assert text and text != generic.text


def test_an_unknown_kind_falls_back_to_the_generic_message(appeal, resident):
    subject, text = rendering.render(message(resident, appeal, "../something_new"), "en")

    assert subject == f"News about appeal {appeal.number}"
    assert appeal.number in text


def test_the_reason_and_the_dates_are_in_the_message(appeal, resident):
    context = {**CONTEXT, "requested_deadline": datetime(2025, 3, 25, 4, 0, tzinfo=UTC).isoformat()}

    _, text = rendering.render(message(resident, appeal, "extension_requested", **context), "en")

    assert "Not our street" in text
    assert "March 25, 2025, 09:00" in text  # 04:00 UTC is 09:00 in Almaty


def test_plain_text_is_not_html_escaped(appeal, resident):
    _, text = rendering.render(message(resident, appeal, "rejected", reason="Trees & <bushes>"), "en")

    assert "Reason: Trees & <bushes>" in text


def test_the_email_is_written_in_the_recipients_language(appeal, resident):
    resident.language = "en"
    english = rendering.render_email(message(resident, appeal, "assigned", **CONTEXT))
    resident.language = ""
    default = rendering.render_email(message(resident, appeal, "assigned", **CONTEXT))

    assert f"/en/appeals/{appeal.number}/" in english.text
    assert appeal.category.name_en in english.text
    assert "March 20, 2025" in english.text
    assert f"/kk/appeals/{appeal.number}/" in default.text
    assert appeal.category.name_kk in default.text
    assert english.text != default.text


def test_rendering_leaves_the_active_language_alone(appeal, resident):
    resident.language = "ru"
    with translation.override("en"):
        rendering.render_email(message(resident, appeal, "assigned"))
        assert translation.get_language() == "en"


def test_the_done_email_links_the_after_photos(appeal, resident, settings):
    settings.QALA_SITE_URL = "https://qala.example.kz"
    photo = photo_create(process_image(jpeg_bytes(), name="after.jpg"), stage=Photo.Stage.AFTER, appeal=appeal)

    _, body = rendering.render_email(message(resident, appeal, "done"))

    assert f"https://qala.example.kz/media/{photo.image.name}" in body
    assert f"https://qala.example.kz/kk/appeals/{appeal.number}/" in body


def test_the_in_app_message_has_no_photo_list(appeal, resident):
    photo_create(process_image(jpeg_bytes(), name="after.jpg"), stage=Photo.Stage.AFTER, appeal=appeal)

    _, text = rendering.render(message(resident, appeal, "done"), "en")

    assert "/media/" not in text
