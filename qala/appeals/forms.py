"""Forms check only the shape of the input; the rules live in services and workflow."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qala.common.i18n import localized

from .models import DESCRIPTION_MAX, Category


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
