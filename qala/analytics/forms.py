"""The panel's filters: GET forms that only check the shape; the selectors do the filtering."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qala.appeals.models import Category, Source

from . import selectors

STATE_CHOICES = [
    ("all", pgettext_lazy("appeals filter", "All")),
    ("done", pgettext_lazy("appeals filter", "Done")),
    ("not_done", pgettext_lazy("appeals filter", "Not done")),
    ("overdue", pgettext_lazy("appeals filter", "Overdue")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type="date"> sends and expects


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def period(self):
        """(date_from, date_to) of the valid fields, or None when no date was given."""
        data = getattr(self, "cleaned_data", {})
        period = (data.get("date_from"), data.get("date_to"))
        return period if any(period) else None


class PanelFilterForm(PeriodForm):
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, widget=forms.HiddenInput)
    category = forms.ModelChoiceField(
        Category.objects.all(), label=_("Category"), required=False, empty_label=_("All categories")
    )
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int, empty_value=None)
    organisation = forms.ModelChoiceField(
        queryset=None, label=_("Organisation"), required=False, empty_label=_("All organisations")
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Source.choices])

    field_order = ["category", "district", "organisation", "channel", "date_from", "date_to", "state"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts")), *selectors.district_choices(user)]
        self.fields["organisation"].queryset = selectors.organisations_in_scope(user)

    def chosen_state(self) -> str:
        return getattr(self, "cleaned_data", {}).get("state") or "all"

    def filters(self) -> dict:
        """The keyword arguments of `panel_appeals` and `panel_counts` from the fields that are valid."""
        data = getattr(self, "cleaned_data", {})
        return {
            "category": data.get("category"),
            "district": data.get("district"),
            "organisation": data.get("organisation"),
            "channel": data.get("channel") or None,
            "period": self.period(),
        }
