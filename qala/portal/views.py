from django.shortcuts import render

from qala.appeals.selectors import appeal_figures_this_month


def home(request):
    return render(request, "portal/home.html", {"figures": appeal_figures_this_month()})
