"""Signing in from Telegram: the Web App (signed initData), the Login Widget, and one-time link codes."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qala.common.errors import DomainError

from . import services, telegram_auth

BACKEND = "django.contrib.auth.backends.ModelBackend"
# What Telegram's Login Widget signs; anything else in the address is not part of the signature.
WIDGET_FIELDS = ("id", "first_name", "last_name", "username", "photo_url", "auth_date", "hash")


def webapp(request):
    """The page the bot's button opens inside Telegram; its script posts the signed initData back."""
    return render(request, "accounts/telegram_webapp.html")


@require_POST
def webapp_session(request):
    """Verify Telegram's signature on initData and sign the resident in (the account is made on first use)."""
    try:
        init_data = json.loads(request.body or b"{}").get("init_data", "")
        fields = telegram_auth.webapp_init_data(
            str(init_data), bot_token=settings.TELEGRAM_BOT_TOKEN, max_age=settings.TELEGRAM_AUTH_MAX_AGE
        )
    except (ValueError, AttributeError, DomainError) as error:
        message = getattr(error, "message", telegram_auth.InvalidTelegramData.default_message)
        return JsonResponse({"code": "telegram_invalid", "message": str(message)}, status=403)
    person = fields["user"]
    user = services.telegram_resident(int(person["id"]), first_name=str(person.get("first_name", "")))
    login(request, user, backend=BACKEND)
    request.session["telegram_webapp"] = True
    return JsonResponse({"next": reverse("appeals:report")})


def login_widget(request):
    """The Telegram Login Widget's callback: link the signed-in account, or sign in by Telegram."""
    try:
        person = telegram_auth.login_widget(
            {key: request.GET[key] for key in WIDGET_FIELDS if key in request.GET},
            bot_token=settings.TELEGRAM_BOT_TOKEN,
            max_age=settings.TELEGRAM_AUTH_MAX_AGE,
        )
        if request.user.is_authenticated:
            services.telegram_link(request.user, telegram_id=person["id"])
            messages.success(request, _("Telegram is linked to your account."))
        else:
            user = services.telegram_resident(person["id"], first_name=person.get("first_name", ""))
            login(request, user, backend=BACKEND)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:profile")


@login_required
@require_POST
def link_code(request):
    code = services.link_code_issue(request.user)
    messages.success(
        request,
        _("Send this to the Qala bot within 15 minutes: /link %(code)s") % {"code": code.code},
    )
    return redirect("accounts:profile")
