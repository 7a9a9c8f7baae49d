"""The profile page's form and the one write it leads to.

The form checks every field with the domain's own checks (phone, IIN, image) so that all errors show at
once, each next to its field; `profile_update` then saves everything in one transaction, or nothing.
"""

import io

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from qala.appeals.photos import process_image
from qala.common.errors import DomainError
from qala.common.i18n import language_check
from qala.common.iin import validate_iin
from qala.common.phones import normalise_kz_phone
from qala.notifications.models import Channel
from qala.notifications.selectors import preferences_of
from qala.notifications.services import preference_set

from .forms import clean_person_name
from .models import User

AVATAR_SIDE = 256
BAD_DISPLAY_NAME = _("The display name cannot contain an e-mail address or line breaks.")
SWITCHABLE_CHANNELS = (Channel.EMAIL, Channel.TELEGRAM)


def avatar_image(upload) -> bytes:
    """Check an uploaded picture by decoding it, then return a clean square JPEG of at most 256 px."""
    processed = process_image(upload)  # raises Invalid; re-encoded, upright, without metadata
    with Image.open(io.BytesIO(processed.content)) as image:
        side = min(AVATAR_SIDE, image.width, image.height)
        square = ImageOps.fit(image.convert("RGB"), (side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    square.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def _domain_checked(check, value):
    try:
        return check(value)
    except DomainError as error:
        raise forms.ValidationError(error.message, code=error.code) from None


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Shown publicly instead of your name, e.g. on the leaderboard."),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, help_text=_("A Kazakhstani number, e.g. +7 701 234 56 78.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
        help_text=_("A JPEG, PNG, WebP or HEIC picture; it is cropped to a square."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove the avatar"), required=False)
    iin = forms.CharField(
        label=_("IIN"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    notify_email = forms.BooleanField(label=_("Notifications by e-mail"), required=False)
    notify_telegram = forms.BooleanField(
        label=_("Notifications in Telegram"), required=False, help_text=_("Once Telegram is linked below.")
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        preferences = preferences_of(user)
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "display_name": user.display_name,
                "phone": user.phone,
                "language": user.language or translation.get_language() or settings.LANGUAGE_CODE,
                "notify_email": preferences[Channel.EMAIL],
                "notify_telegram": preferences[Channel.TELEGRAM],
            },
        )
        super().__init__(*args, **kwargs)
        if user.iin:
            self.fields["iin"].help_text = _(
                "Your IIN is saved as %(masked)s. Enter a new one to change it, or leave this empty to keep it."
            ) % {"masked": user.iin_masked}
            self.fields["iin"].widget.attrs["placeholder"] = user.iin_masked
        else:
            self.fields["iin"].help_text = _("12 digits; needed for formal appeals. Shown only to you, masked.")
        if not user.avatar:
            del self.fields["remove_avatar"]

    def _clean_name(self, field):
        value = self.cleaned_data[field].strip()
        return clean_person_name(value) if value else ""  # the sign-up form's rule

    def clean_first_name(self):
        return self._clean_name("first_name")

    def clean_last_name(self):
        return self._clean_name("last_name")

    def clean_display_name(self):
        value = self.cleaned_data["display_name"]
        if "@" in value or any(char in value for char in "\r\n\t"):
            raise forms.ValidationError(BAD_DISPLAY_NAME, code="display_name")
        return " ".join(value.split())

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return _domain_checked(normalise_kz_phone, value) if value else ""

    def clean_iin(self):
        value = self.cleaned_data["iin"].strip()
        return _domain_checked(validate_iin, value) if value else None  # None: keep the saved IIN

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        return _domain_checked(avatar_image, upload) if upload else None

    def preferences(self) -> dict[str, bool]:
        return {
            Channel.EMAIL: self.cleaned_data["notify_email"],
            Channel.TELEGRAM: self.cleaned_data["notify_telegram"],
        }


@transaction.atomic
def profile_update(
    user: User,
    *,
    first_name: str,
    last_name: str,
    display_name: str,
    phone: str,
    language: str,
    iin: str | None = None,
    avatar: bytes | None = None,
    remove_avatar: bool = False,
    preferences: dict[str, bool] | None = None,
) -> User:
    """Save the profile: all of it, or nothing. `iin=None` keeps the saved IIN; `avatar` is a checked JPEG."""
    language_check(language)
    account = User.objects.select_for_update().get(pk=user.pk)
    old_avatar = account.avatar.name
    account.first_name, account.last_name, account.display_name = first_name, last_name, display_name
    account.phone = normalise_kz_phone(phone) if phone else ""
    account.language = language
    if iin is not None:
        account.iin = validate_iin(iin)
    if avatar is not None:
        account.avatar.save("avatar.jpg", ContentFile(avatar), save=False)
    elif remove_avatar:
        account.avatar = ""
    account.save(update_fields=["first_name", "last_name", "display_name", "phone", "language", "iin", "avatar"])
    for channel, enabled in (preferences or {}).items():
        if channel in SWITCHABLE_CHANNELS:
            preference_set(account, channel=channel, enabled=bool(enabled))
    if old_avatar and old_avatar != account.avatar.name:
        storage = account.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar), robust=True)
    for field in ("first_name", "last_name", "display_name", "phone", "language", "iin", "avatar"):
        setattr(user, field, getattr(account, field))
    return account
