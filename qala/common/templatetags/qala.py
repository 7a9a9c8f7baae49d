from django import template

from qala.common.phones import display_phone

register = template.Library()


@register.filter
def phone(e164):
    """+77012345678 → +7 701 234 5678."""
    return display_phone(e164)


@register.filter
def stars(rating):
    """4 → ★★★★☆"""
    rating = int(rating or 0)
    return "★" * rating + "☆" * (5 - rating)
