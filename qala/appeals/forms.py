"""Forms check only the shape of the input; the rules live in services and workflow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qala.accounts.models import User
from qala.common.i18n import localized
from qala.organisations.models import Organisation

from .models import DESCRIPTION_MAX, Appeal, Category, Source


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


# --- formal appeal


class FormalAppealForm(forms.Form):
    """The shape of a formal appeal; who must give an IIN, a BIN or a deputy is decided in formal.py."""

    applicant_type = forms.ChoiceField(label=_("Applicant"), widget=forms.RadioSelect, choices=[])
    is_resident = forms.BooleanField(label=_("Resident of Kazakhstan"), required=False, initial=True)
    iin = forms.CharField(
        label=_("IIN"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    bin = forms.CharField(
        label=_("BIN"), required=False, max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    company_name = forms.CharField(label=_("Company name"), required=False, max_length=300)
    representative = forms.CharField(label=_("Representative"), required=False, max_length=200)
    city = forms.CharField(label=_("City"), max_length=100)
    district = forms.CharField(label=_("District"), required=False, max_length=100)
    microdistrict = forms.CharField(label=_("Microdistrict"), required=False, max_length=100)
    street = forms.CharField(label=_("Street"), max_length=200)
    house = forms.CharField(label=_("House"), max_length=20)
    flat = forms.CharField(label=_("Flat"), required=False, max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=32, widget=forms.TextInput(attrs={"type": "tel"}))
    email = forms.EmailField(label=_("E-mail"))

    to_deputy = forms.BooleanField(label=_("Address it to a maslikhat deputy"), required=False)
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[])
    title = forms.CharField(label=_("Short summary"), max_length=200)
    text = forms.CharField(label=_("Text of the appeal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    organisation = forms.ModelChoiceField(
        label=_("Organisation you thank"), queryset=Organisation.objects.all(), required=False
    )
    district_territory = forms.ModelChoiceField(label=_("District of the matter"), queryset=None)
    exact_address = forms.CharField(label=_("Exact address"), required=False, max_length=300)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    attachments = PhotosField(label=_("Attachments (PDF, JPEG, PNG, DOCX; up to 5 files, 10 MB each)"), required=False)

    APPLICANT = [
        "applicant_type",
        "is_resident",
        "iin",
        "full_name",
        "bin",
        "company_name",
        "representative",
        "city",
        "district",
        "microdistrict",
        "street",
        "house",
        "flat",
        "phone",
        "email",
    ]

    def __init__(self, *args, **kwargs):
        from qala.organisations.models import Deputy
        from qala.territory.models import Territory

        from .models import Applicant

        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = Applicant.Type.choices
        self.fields["kind"].choices = [(k, label) for k, label in Appeal.Kind.choices if k != Appeal.Kind.REPORT]
        self.fields["deputy"].queryset = Deputy.objects.filter(is_active=True)
        self.fields["district_territory"].queryset = (
            Territory.objects.filter(
                kind__in=(Territory.Kind.CITY_DISTRICT, Territory.Kind.DISTRICT, Territory.Kind.CITY)
            )
            .select_related("parent")
            .defer("boundary", "parent__boundary")
        )
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx"
        for name in ("deputy", "organisation"):
            self.fields[name].label_from_instance = lambda o: localized(o, "name")
        self.fields["district_territory"].label_from_instance = lambda t: (
            f"{localized(t.parent, 'name')} — {localized(t, 'name')}" if t.parent else localized(t, "name")
        )

    def applicant_fields(self):
        return [self[name] for name in self.APPLICANT]

    def appeal_fields(self):
        return [
            self[name] for name in self.fields if name not in self.APPLICANT and name not in ("latitude", "longitude")
        ]


class AnswerForm(forms.Form):
    """The written answer to a formal appeal, with optional documents."""

    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    attachments = PhotosField(label=_("Attachments (PDF, JPEG, PNG, DOCX)"), required=False)


class ForwardForm(forms.Form):
    body = forms.CharField(label=_("Competent body"), max_length=300)
    note = forms.CharField(label=_("Comment"), required=False, max_length=1000)
