from django import template

from qala.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The header's bell with the unread count: one query per page."""
    user = context["request"].user
    return {"count": selectors.unread_count(user) if user.is_authenticated else 0}
