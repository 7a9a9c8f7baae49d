"""How allauth creates and signs in Qala accounts.

* Every self-made account is a resident: neither the sign-up form nor a social provider can set
  a role or the staff flags (staff are invited by an admin).
* Every password check goes through `lockout`: refused while the account or the address is
  locked, counted when wrong, and the account's count reset when right.
* A social provider that is not configured answers 404, not `SocialApp.DoesNotExist` (a 500).
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from . import lockout
from .models import User

NAME_MAX_LENGTH = 150  # User.first_name / last_name


def make_resident(user: User) -> User:
    user.role = User.Role.CITIZEN
    user.is_staff = False
    user.is_superuser = False
    return user


def _login_of(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or credentials.get("phone") or ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's own words, listed here so that our catalogs translate them (sign-in by username is ours).
        "username_password_mismatch": _("The username and/or password you specified are not correct."),
    }

    def save_user(self, request, user, form, commit=True):
        name = form.cleaned_data.get("name")
        if name:
            user.first_name = name[:NAME_MAX_LENGTH]
        make_resident(user)
        return super().save_user(request, user, form, commit=commit)

    def pre_authenticate(self, request, **credentials):
        # Instead of allauth's fixed window ("login_failed", which keeps guarding two-factor codes), our lock-out
        # with its back-off and the time to wait.
        lockout.refuse_if_locked(request, _login_of(credentials))

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            lockout.succeeded(user)
        return user

    def authentication_failed(self, request, **credentials):
        login = _login_of(credentials)
        lockout.failed(request, login)
        # The failure that completes a round says so at once, with the time to wait.
        lockout.refuse_if_locked(request, login)

    def set_password(self, user, password):
        # A reset by e-mail (or a change while signed in) proves the owner: lift the account's lock.
        super().set_password(user, password)
        lockout.succeeded(user)


class SocialAppNotConfigured(SocialApp.DoesNotExist, Http404):
    """No app for this provider: Django answers 404, and allauth's own `DoesNotExist` handlers still catch it."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.first_name = (user.first_name or "")[:NAME_MAX_LENGTH]
        user.last_name = (user.last_name or "")[:NAME_MAX_LENGTH]
        return make_resident(user)

    def save_user(self, request, sociallogin, form=None):
        make_resident(sociallogin.user)
        return super().save_user(request, sociallogin, form=form)

    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as missing:
            raise SocialAppNotConfigured(f"No social app is configured for {provider!r}.") from missing
