from django import forms
from django.utils.translation import gettext_lazy as _

from qala.common.i18n import localized
from qala.territory.models import Territory

from .models import DirectoryEntry


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *DirectoryEntry.Kind.choices]
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        empty_label=_("All districts"),
        queryset=Territory.objects.filter(parent__code="KZ-71").defer("boundary"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].label_from_instance = lambda t: localized(t, "name")
