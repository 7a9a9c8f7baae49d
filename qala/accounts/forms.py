"""Sign-up and sign-in forms (allauth's, plus a name, the user agreement and a captcha)."""

from __future__ import annotations

import re
import unicodedata

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import lockout

NAME_MIN_LENGTH, NAME_MAX_LENGTH = 2, 100
RUSSIAN_LETTERS = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
KAZAKH_LETTERS = frozenset("ӘҒҚҢӨҰҮҺІәғқңөұүһі")
SEPARATORS = frozenset(" -'’ʼ")  # space, hyphen, apostrophe (typewriter, typographic, modifier letter)
NAME_SHAPE = re.compile(r"[^\W\d_]+(?:[ \-'’ʼ][^\W\d_]+)*")


def _is_name_letter(char: str) -> bool:
    if char in RUSSIAN_LETTERS or char in KAZAKH_LETTERS:
        return True
    # Latin script, with its accented letters (Kazakh Latin ä ğ ñ ö ş ū ü ı, and names like André).
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith("LATIN ")


def clean_person_name(value: str) -> str:
    """A person's name in Kazakh, Russian or Latin letters, with single spaces, hyphens or apostrophes between."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    wrong = list(dict.fromkeys(char for char in name if char not in SEPARATORS and not _is_name_letter(char)))
    if wrong:
        raise ValidationError(
            gettext(
                "A name may contain only letters of the Kazakh, Russian or Latin alphabet, spaces, hyphens and "
                "apostrophes. Remove: %(characters)s"
            )
            % {"characters": " ".join(wrong)},
            code="name_characters",
        )
    if not NAME_SHAPE.fullmatch(name):
        raise ValidationError(
            gettext("Start and end the name with a letter, and put no two spaces, hyphens or apostrophes in a row."),
            code="name_shape",
        )
    return name


def _captcha_field() -> CaptchaField:
    return CaptchaField(
        label=_("Characters in the picture"),
        help_text=_("Type the letters you see in the picture; capitals or not, it does not matter."),
        error_messages={
            "required": _("Type the characters from the picture."),
            "invalid": _("The characters do not match the picture. Try again with the new one."),
        },
    )


class NameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your name"))
        kwargs.setdefault("help_text", _("Letters, spaces, hyphens and apostrophes, e.g. Aigerim Nurlanqyzy."))
        super().__init__(min_length=NAME_MIN_LENGTH, max_length=NAME_MAX_LENGTH, **kwargs)
        self.widget.attrs["autocomplete"] = "name"

    def clean(self, value):
        return clean_person_name(super().clean(value))


def _agreement_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("I accept the user agreement"),
        error_messages={"required": _("To create an account, accept the user agreement.")},
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (e-mail, password twice) plus the name, the agreement and the captcha."""

    field_order = ["name", "email", "password1", "password2", "agreement", "captcha"]

    name = NameField()
    agreement = _agreement_field()
    captcha = _captcha_field()


class SocialSignupForm(AllauthSocialSignupForm):
    """Asked only when the provider gave no usable e-mail: the name, the e-mail and the agreement."""

    field_order = ["name", "email", "agreement"]

    name = NameField()
    agreement = _agreement_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.sociallogin.user
        suggested = " ".join(part for part in (user.first_name, user.last_name) if part)
        self.fields["name"].initial = suggested[:NAME_MAX_LENGTH]


class LoginForm(AllauthLoginForm):
    """Username or e-mail and password; the captcha joins once `lockout` says there were too many failures."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("E-mail or username")
        login.widget.attrs.update(placeholder=login.label, autocomplete="username")
        if self.request is not None and lockout.captcha_required(self.request, self._typed_login()):
            self.fields["captcha"] = _captcha_field()

    def _typed_login(self) -> str:
        return (self.data.get("login") or "").strip() if self.is_bound else ""

    def clean(self):
        if self.request is None:
            return super().clean()
        if "captcha" in self._errors:
            # allauth checks nothing more once a field is wrong; a lock must still be told, with its wait.
            lockout.refuse_if_locked(self.request, self._typed_login())
        try:
            return super().clean()
        finally:
            if "captcha" not in self.fields and lockout.captcha_required(self.request, self._typed_login()):
                self.fields["captcha"] = _captcha_field()  # shown on the page that reports this failure
