"""Forms check only the shape of the input; the rules live in services and workflow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qala.accounts.models import User
from qala.common.i18n import localized
from qala.organisations.models import Organisation

from .models import DESCRIPTION_MAX, Category, Source


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.icon} {localized(obj, 'name')}"


class PlaceForm(forms.Form):
    latitude = forms.FloatField(min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(min_value=-180, max_value=180, widget=forms.HiddenInput)

    error_messages = {"place_required": _("Mark the place on the map.")}

    def clean(self):
        data = super().clean()
        if self.errors:
            raise forms.ValidationError(self.error_messages["place_required"], code="place_required")
        return data


class DetailsForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(accepts_reports=True),
        required=False,
        empty_label=_("Choose a category"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX}),
        help_text=_("What is wrong and where exactly: 10 to 2000 characters."),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"maxlength": 300, "autocomplete": "street-address"}),
        help_text=_("Street and house, or a landmark."),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "+7 701 234 56 78"}),
        help_text=_("Only the staff handling your appeal see it."),
    )


# --- staff forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to five images; the photo module checks them by decoding."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "multiple": True})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise forms.ValidationError(_("Add at least one photo."), code="required")
        return list(files)


def _in_scope_territories(user):
    from qala.accounts.selectors import territory_scope
    from qala.territory.models import Territory

    return Territory.objects.filter(pk__in=territory_scope(user)).defer("boundary")


class QueueFilterForm(forms.Form):
    AGES = [
        ("", _("any age")),
        ("24", _("older than a day")),
        ("72", _("older than 3 days")),
        ("168", _("older than a week")),
    ]

    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=None, required=False, empty_label=_("All territories")
    )
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("All categories")
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All channels")), *Source.choices], required=False)
    age = forms.ChoiceField(label=_("Age"), choices=AGES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = _in_scope_territories(user)
        self.fields["territory"].label_from_instance = lambda t: localized(t, "name")


class AssignForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    executor = forms.ModelChoiceField(
        label=_("Executor"), queryset=User.objects.none(), required=False, empty_label=_("The organisation decides")
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    deadline_reason = forms.CharField(label=_("Why another deadline"), required=False, max_length=500)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        self.fields["organisation"].label_from_instance = lambda o: localized(o, "name")
        self.fields["executor"].queryset = User.objects.filter(
            role__in=(User.Role.EXECUTOR, User.Role.ORG_MANAGER), is_active=True, organisation__isnull=False
        ).select_related("organisation")
        self.fields["executor"].label_from_instance = lambda u: f"{u.get_full_name() or u.email} · {u.organisation}"


class ReassignForm(AssignForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["deadline"], self.fields["deadline_reason"]


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=[])
    reason = forms.CharField(
        label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from .workflow import REJECT_REASONS

        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = [(k, v) for k, v in REJECT_REASONS.items() if k != "duplicate"]


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Number of the appeal it repeats"), max_length=12)


class EditForm(forms.Form):
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)


class PhoneAppealForm(DetailsForm):
    latitude = forms.FloatField(
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
        error_messages={"required": _("Mark the place on the map.")},
    )
    longitude = forms.FloatField(
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
        error_messages={"required": _("Mark the place on the map.")},
    )
    photos = PhotosField(label=_("Photos"), required=False)


class StartForm(forms.Form):
    photos = PhotosField(label=_("Photos before the work"), required=False)


class CompleteForm(forms.Form):
    answer = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos after the work"))


class ReturnForm(forms.Form):
    REASONS = [("not_ours", _("Not ours")), ("not_found", _("Cannot find the place")), ("other", _("Other"))]

    reason_code = forms.ChoiceField(label=_("Reason"), choices=REASONS)
    reason = forms.CharField(label=_("Comment"), required=False, max_length=1000)

    def reason_text(self):
        label = dict(self.REASONS)[self.cleaned_data["reason_code"]]
        comment = self.cleaned_data["reason"].strip()
        return f"{label}: {comment}" if comment else str(label)


class ExtensionRequestForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("New deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    reason = forms.CharField(label=_("Why more time is needed"), max_length=1000)


class ExtensionDecisionForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    deadline = forms.DateTimeField(
        label=_("New deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Comment"), max_length=1000)


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, "★" * n) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("What is still wrong"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos"), required=False)
