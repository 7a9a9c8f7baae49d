import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qala.common.errors import DomainError
from qala.common.forms import domain_call
from qala.rewards.selectors import points_ledger, points_total

from . import privacy, staff
from .profile_forms import ProfileForm, profile_update


@login_required
def profile(request):
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
    )
    if form.is_valid():
        data = form.cleaned_data
        saved = domain_call(
            form,
            lambda: profile_update(
                request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                display_name=data["display_name"],
                phone=data["phone"],
                language=data["language"],
                iin=data["iin"],
                avatar=data["avatar"],
                remove_avatar=data.get("remove_avatar", False),
                preferences=form.preferences(),
            ),
        )
        if saved:
            # The page comes back in the language just chosen.
            with translation.override(data["language"]):
                messages.success(request, _("Your profile has been saved."))
                response = redirect(reverse("accounts:profile"))
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, data["language"], samesite="Lax")
            return response
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "points": points_total(request.user),
            "ledger": points_ledger(request.user)[:20],
            "telegram_bot_username": settings.TELEGRAM_BOT_USERNAME,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def export(request):
    """Everything Qala holds about the signed-in user, as a JSON file."""
    data = privacy.export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"qala-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# Translators: the word a user without a password types to confirm deleting their account.
CONFIRMATION_WORD = gettext_lazy("delete")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    confirmation = forms.CharField(label=gettext_lazy("Type the word to confirm"), max_length=40)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirmation"]
        else:
            del self.fields["password"]
            self.fields["confirmation"].help_text = gettext_lazy("Type “%(word)s” to confirm.") % {
                "word": CONFIRMATION_WORD
            }

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password")
        return password

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip().lower()
        if typed not in {str(CONFIRMATION_WORD).lower(), "delete"}:
            raise forms.ValidationError(
                _("Type “%(word)s” to confirm.") % {"word": CONFIRMATION_WORD}, code="confirmation"
            )
        return typed


@login_required
def delete(request):
    """Delete the account: a resident's appeals stay, anonymised; a staff account is refused."""
    user = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if not privacy.can_delete_account(user):
        if request.method == "POST":
            messages.error(request, privacy.STAFF_CANNOT_DELETE)
            return redirect("accounts:profile")
        return render(request, "accounts/delete.html", {"form": None, "refused": privacy.STAFF_CANNOT_DELETE})
    if form.is_valid() and domain_call(form, lambda: privacy.account_delete(user)):
        logout(request)
        messages.success(request, _("Your account has been deleted. Your appeals stay on the map without your name."))
        return redirect("portal:home")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.is_bound else 200)


def invitation(request, token):
    """An invitation link: who is invited to what, and the button that accepts it."""
    try:
        found = staff.invitation_get(token)
    except DomainError:
        raise Http404 from None
    error = staff.invitation_state_error(found)
    status = 410 if error else 200
    if request.method == "POST" and error is None:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        try:
            staff.invitation_accept(token, user=request.user)
        except DomainError as refused:
            error, status = refused, 403
        else:
            messages.success(
                request,
                _("Welcome to the Qala staff. You now work as: %(role)s.") % {"role": found.get_role_display()},
            )
            return redirect("portal:home")
    signed_in = request.user.is_authenticated
    context = {
        "invitation": found,
        "error": error.message if error else None,
        "can_accept": staff.invitation_state_error(found) is None,
        "signed_in": signed_in,
        "other_account": signed_in and (request.user.email or "").lower() != found.email,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        "signup_url": f"{reverse('account_signup')}?{urlencode({'next': request.path})}",
    }
    return render(request, "accounts/invitation.html", context, status=status)
