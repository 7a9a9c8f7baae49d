from django.conf import settings
from django.shortcuts import render

from qala.appeals.selectors import appeal_figures_this_month


def home(request):
    return render(request, "portal/home.html", {"figures": appeal_figures_this_month()})


def agreement(request):
    """The user agreement every sign-up accepts, in the visitor's language."""
    return render(request, "portal/agreement.html", {"contact_email": getattr(settings, "QALA_CONTACT_EMAIL", "")})
