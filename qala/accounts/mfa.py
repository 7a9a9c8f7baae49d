"""Two-factor authentication is required for staff: no page opens until an authenticator app (TOTP) is set up.

allauth.mfa asks for the code at sign-in once the authenticator exists; this middleware makes sure it
exists. Residents are never forced. `QALA_STAFF_REQUIRE_MFA = False` switches it off (tests that sign
staff in with `force_login`, or a local demo).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

# Pages a staff member may open before TOTP is set up: the setup itself (every allauth.mfa page), what it
# needs (allauth asks for the password again, and refuses while an e-mail address is unconfirmed), signing
# out and the language switch.
ALLOWED_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "set_language",
        "telegram_webhook",
    }
)
ALLOWED_URL_PREFIX = "mfa_"


def staff_needs_totp(user) -> bool:
    """Whether this signed-in user has a staff role and no TOTP authenticator yet."""
    if not (user.is_authenticated and getattr(user, "has_staff_role", False)):
        return False
    return not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


class StaffMFAMiddleware:
    """Send a signed-in staff user without TOTP to allauth's TOTP activation page, whatever they open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.QALA_STAFF_REQUIRE_MFA
            and not self._exempt_path(request.path_info)
            and staff_needs_totp(request.user)
            and not self._exempt_view(request.path_info)
        ):
            return self._to_setup(request)
        return self.get_response(request)

    @staticmethod
    def _exempt_path(path: str) -> bool:
        """Static files, uploads and the Telegram webhook, decided without touching the session."""
        prefixes = ["/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/"), "/telegram/"]
        return any(path.startswith(prefix) for prefix in prefixes if prefix != "/")

    @staticmethod
    def _exempt_view(path: str) -> bool:
        try:
            name = resolve(path).url_name or ""
        except Resolver404:
            return False
        return name in ALLOWED_URL_NAMES or name.startswith(ALLOWED_URL_PREFIX)

    @staticmethod
    def _to_setup(request):
        url = reverse("mfa_activate_totp")
        if request.headers.get("HX-Request") == "true":
            # htmx would swap the setup page into a fragment; make the browser go there instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        messages.warning(
            request,
            _(
                "Staff accounts are protected with two-factor authentication. Set up an authenticator app "
                "(for example Google Authenticator or Microsoft Authenticator) to continue."
            ),
        )
        return HttpResponseRedirect(url)
