"""Kazakh phone numbers: valid for region KZ (not merely +7, which Russia shares), stored in E.164."""

import phonenumbers
from django.utils.translation import gettext_lazy as _

from .errors import Invalid

MAX_INPUT = 32


def normalise_kz_phone(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Enter a phone number."), code="phone_required", field="contact_phone")
    if len(text) > MAX_INPUT:
        raise Invalid(_("This phone number is too long."), code="phone_invalid", field="contact_phone")
    try:
        number = phonenumbers.parse(text, "KZ")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, "KZ"):
        raise Invalid(
            _("Enter a Kazakhstani phone number, e.g. +7 701 234 56 78 or 8 7172 55 55 55."),
            code="phone_invalid",
            field="contact_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    if not e164:
        return ""
    return phonenumbers.format_number(phonenumbers.parse(e164, "KZ"), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
