from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from qala.common.errors import DomainError

from . import staff
from .models import Invitation, User

# The admin's own sign-in form would skip allauth's: no rate limits and no second factor. Sending it to
# allauth's sign-in keeps two-factor authentication for everyone who reaches the admin (allauth docs, "Admin").
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("email", "first_name", "last_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("email", "first_name", "last_name", "phone")
    ordering = ("email",)
    filter_horizontal = ("territories", "groups", "user_permissions")
    # The IIN and the avatar are set by their owner on the profile page only (checked, the avatar re-encoded);
    # here the IIN is shown masked.
    readonly_fields = ("iin_masked", "avatar")
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("Qala"),
            {
                "fields": (
                    "role",
                    "display_name",
                    "phone",
                    "language",
                    "iin_masked",
                    "avatar",
                    "organisation",
                    "territories",
                )
            },
        ),
    )

    @admin.display(description=_("IIN"))
    def iin_masked(self, obj):
        return obj.iin_masked or "—"


class InvitationForm(forms.ModelForm):
    """Checked by the same rules as `staff.invitation_create`, so a refusal shows next to its field."""

    class Meta:
        model = Invitation
        fields = ("email", "role", "organisation", "territories", "language")

    def __init__(self, *args, invited_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited_by = invited_by

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["email"] = staff.invitation_check(
                email=cleaned.get("email", ""),
                role=cleaned.get("role", ""),
                invited_by=self.invited_by,
                organisation=cleaned.get("organisation"),
                territories=cleaned.get("territories") or (),
            )
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """The "Invite staff" page: the add form creates the invitation through the domain and e-mails the link."""

    form = InvitationForm
    list_display = ("email", "role", "organisation", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = ("role", "accepted_at")
    search_fields = ("email",)
    filter_horizontal = ("territories",)
    readonly_fields = ("invited_by", "created_at", "expires_at", "accepted_at", "accepted_by")

    def _is_admin(self, request):
        return staff.can_invite(request.user)

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return False  # an invitation is not edited: revoke it (delete) and invite again

    def has_delete_permission(self, request, obj=None):
        return self._is_admin(request) and (obj is None or obj.accepted_at is None)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class RequestInvitationForm(form_class):
            def __init__(self, *args, **inner):
                inner.setdefault("invited_by", request.user)
                super().__init__(*args, **inner)

        return RequestInvitationForm

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Invite staff")}
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        invitation = staff.invitation_create(
            email=data["email"],
            role=data["role"],
            invited_by=request.user,
            organisation=data.get("organisation"),
            territories=data.get("territories") or (),
            language=data.get("language"),
        )
        # The admin goes on with the saved row (its log entry, the redirect); the domain made it.
        obj.pk, obj.token, obj.expires_at, obj.invited_by = (
            invitation.pk,
            invitation.token,
            invitation.expires_at,
            invitation.invited_by,
        )
        obj._state.adding, obj._state.db = False, invitation._state.db

    def save_related(self, request, form, formsets, change):
        """The territories were set by `invitation_create`."""

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, _("The invitation has been sent to %(email)s.") % {"email": obj.email})
        return self.response_post_save_add(request, obj)
