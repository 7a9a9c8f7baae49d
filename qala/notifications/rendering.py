"""Turning an outbox row into words, at delivery time, in the reader's language.

Each kind has two small templates under `notifications/kinds/`: `<kind>_subject.txt` (one line) and
`<kind>.txt` (the message). Unknown kinds fall back to `generic`. E-mails wrap the message in `email.txt`.
"""

import functools
import re
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.storage import default_storage
from django.template import Context, Engine
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime

from qala.appeals.models import Photo
from qala.common.i18n import language_or_default, localized
from qala.common.links import absolute_url

ALMATY = ZoneInfo("Asia/Almaty")
KIND_NAME = re.compile(r"^[a-z_]{1,40}$")


class Rendered(NamedTuple):
    subject: str
    text: str


def language_of(user) -> str:
    return language_or_default(user.language)


def render(notification, language: str | None = None) -> Rendered:
    """Subject and message, for the in-app list (the active language unless one is given)."""
    with translation.override(language or translation.get_language()):
        context = _context(notification)
        return Rendered(_subject(notification.kind, context), _text(_kind_template(notification.kind), context))


def render_email(notification) -> Rendered:
    """Subject and the whole e-mail body, in the recipient's language, with absolute links."""
    with translation.override(language_of(notification.recipient)):
        context = _context(notification, photos=True)
        context["message"] = _text(_kind_template(notification.kind), context)
        context["name"] = notification.recipient.display_name or notification.recipient.first_name
        context["settings_url"] = absolute_url(reverse("notifications:settings"))
        body = _text(_engine().get_template("notifications/email.txt"), context)
        return Rendered(_subject(notification.kind, context), body)


def _context(notification, *, photos=False) -> dict:
    data, appeal = notification.context or {}, notification.appeal
    context = {
        "reason": _reason(data),
        "parent": data.get("parent", ""),
        "requested_deadline": when(data.get("requested_deadline")),
        "deadline": when(data.get("deadline")),
        "photos": [],
        "data": data,  # what the cause passed on, for kinds without an appeal (a PSC booking, …)
    }
    if appeal is not None:
        context |= {
            "appeal": appeal,
            "number": appeal.number,
            "url": absolute_url(reverse("appeals:detail", args=[appeal.number])),
            "category": localized(appeal.category, "name"),
            "organisation": localized(appeal.organisation, "name") if appeal.organisation_id else "",
            "answer": appeal.answer,
            "deadline": context["deadline"] or when(appeal.deadline),
            "auto_close_days": getattr(settings, "QALA_AUTO_CLOSE_DAYS", 7),
        }
        if photos and notification.kind == "done":
            context["photos"] = _after_photos(appeal)
    return context


def _reason(data) -> str:
    """The reason as written, or a listed reason's label in the reader's language, with any comment."""
    from qala.appeals.workflow import REJECT_REASONS

    label = REJECT_REASONS.get(data.get("reason_code"), "")
    parts = [str(label), data.get("reason", "")]
    return " — ".join(part for part in parts if part)


def when(value) -> str:
    """A stored moment (datetime or ISO string) as the reader's language writes it, in Almaty time."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, datetime):
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    value = timezone.localtime(value, ALMATY)
    # The language's date with a 24-hour time, as Kazakhstan writes it ("9 a.m." would end a sentence in "..").
    return f"{formats.date_format(value, 'DATE_FORMAT')}, {value:%H:%M}"


def _after_photos(appeal) -> list[str]:
    urls = [default_storage.url(p.image.name) for p in appeal.photos.filter(stage=Photo.Stage.AFTER)]
    return [absolute_url(url) for url in urls]


def _kind_template(kind: str, suffix: str = ""):
    names = [f"notifications/kinds/{kind}{suffix}.txt"] if KIND_NAME.match(kind) else []
    return _engine().select_template([*names, f"notifications/kinds/generic{suffix}.txt"])


def _subject(kind: str, context: dict) -> str:
    return " ".join(_text(_kind_template(kind, "_subject"), context).split())


def _text(template, context: dict) -> str:
    # `str.strip` also turns the template's SafeString into a plain str, so HTML pages escape it.
    text = str.strip(template.render(Context(context, autoescape=False)))
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text)


@functools.cache
def _engine() -> Engine:
    # Plain text: no HTML escaping (the HTML pages escape the result themselves).
    return Engine(app_dirs=True, autoescape=False, libraries={"i18n": "django.templatetags.i18n"})
