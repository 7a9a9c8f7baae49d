"""How long the work took, and the words for a length of time."""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def time_to_done(appeal) -> timedelta | None:
    """From filing to the executor's report; None while the work is not done."""
    return appeal.done_at - appeal.created_at if appeal.done_at else None


def done_on_time(appeal) -> bool | None:
    """Whether the work was done by the deadline; None while it is not done (or has no deadline)."""
    if appeal.done_at is None or appeal.deadline is None:
        return None
    return appeal.done_at <= appeal.deadline


def humanize(span: timedelta) -> str:
    """The two largest units, rounded to the minute: "1 day 6 hours", "4 hours", "3 hours 5 minutes", "12 minutes"."""
    minutes = max(0, round(span.total_seconds() / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _pair(_days(days), _hours(hours)) if hours else _days(days)
    if hours:
        return _pair(_hours(hours), _minutes(minutes)) if minutes else _hours(hours)
    return _minutes(minutes)


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _hours(count: int) -> str:
    return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}


def _minutes(count: int) -> str:
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}


def _pair(larger: str, smaller: str) -> str:
    # Translators: a length of time in two parts, e.g. "2 days" and "3 hours" → "2 days 3 hours".
    return _("%(larger)s %(smaller)s") % {"larger": larger, "smaller": smaller}
