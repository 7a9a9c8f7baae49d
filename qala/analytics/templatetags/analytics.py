from django import template

from qala.analytics.durations import humanize

register = template.Library()


@register.filter
def duration(span):
    """A timedelta in words ("1 day 6 hours"); empty for None."""
    return "" if span is None else humanize(span)
