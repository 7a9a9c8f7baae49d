"""Reading notifications: the in-app inbox and its unread count."""

from django.db.models import QuerySet

from .models import Channel, Notification, Preference


def unread_count(user) -> int:
    """One indexed count (recipient, channel, read_at) for the bell."""
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP, read_at__isnull=True).count()


def inbox(user) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first, with what rendering them needs."""
    return (
        Notification.objects.filter(recipient=user, channel=Channel.IN_APP)
        .select_related("appeal__organisation", "appeal__category")
        .order_by("-created_at", "-pk")
    )


def preferences_of(user) -> dict[str, bool]:
    """Every channel with whether it is on; without a row a channel is on."""
    chosen = dict(Preference.objects.filter(user=user).values_list("channel", "enabled"))
    return {channel: chosen.get(channel, True) for channel in Channel.values}
